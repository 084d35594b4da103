package io.lockstep.recovery.service.item;

import java.time.Instant;

/**
 * A decoded record of the failed-rows or discrepancies topic, as the store takes it.
 *
 * @param table {@code schema.table}
 * @param keyJson canonical key JSON ({@link ItemKeys#canonical})
 * @param at when the pipeline wrote the record; the first attempt is due a delay after it
 * @param error the target's error or the discrepancy's summary, for operators
 * @param record the record's value; null for a record without one
 */
public record IncomingRecord(
    String table,
    String keyJson,
    ItemKind kind,
    String topic,
    int partition,
    long offset,
    String position,
    Instant at,
    String error,
    RecordText record) {}
