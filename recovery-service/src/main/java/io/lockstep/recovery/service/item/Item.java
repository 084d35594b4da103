package io.lockstep.recovery.service.item;

import java.time.Instant;

/**
 * A row that needs attention: the newest failed-rows or discrepancies record about it, and what
 * recovery has done so far.
 *
 * @param table {@code schema.table}
 * @param keyJson the row's key, canonical JSON (keys sorted)
 * @param record the newest record's value as it was on the topic, byte for byte (null for a record
 *     without a value)
 * @param version raised by every change, so a retry notices a record that arrived meanwhile
 */
public record Item(
    long id,
    String table,
    String keyJson,
    ItemKind kind,
    ItemState state,
    String sourceTopic,
    Integer sourcePartition,
    Long sourceOffset,
    String position,
    Instant firstSeen,
    Instant lastSeen,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    String resolution,
    RecordText record,
    long version) {

  /** Whether the item names a row that a retry can re-read (else it is a record to look at). */
  public boolean hasRow() {
    return !RowlessTables.isRowless(table) && kind.namesARow() && !ItemKeys.namesATable(keyJson);
  }
}
