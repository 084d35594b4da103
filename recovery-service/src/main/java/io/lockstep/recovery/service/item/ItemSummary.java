package io.lockstep.recovery.service.item;

import java.time.Instant;

/**
 * An item as a listing shows it: without its record (which can be as large as a row) and with the
 * start of its last error; {@link ItemRepository#find(long)} has the rest.
 *
 * @param lastError at most {@link ItemRepository#SUMMARY_ERROR_LENGTH} characters of it
 */
public record ItemSummary(
    long id,
    String table,
    String keyJson,
    ItemKind kind,
    ItemState state,
    int attempts,
    Instant firstSeen,
    Instant lastSeen,
    Instant nextAttemptAt,
    String lastError,
    String resolution) {}
