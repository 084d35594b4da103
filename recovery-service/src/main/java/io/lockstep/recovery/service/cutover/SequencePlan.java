package io.lockstep.recovery.service.cutover;

/**
 * One target sequence (or AUTO_INCREMENT counter) and what the sync does with it.
 *
 * @param table the source table, {@code schema.table}
 * @param column the column the sequence feeds
 * @param targetTable the target table, {@code schema.table}
 * @param sourceValue the source's last value, or null if the source has not used it
 * @param targetValue the target's last value before the sync (0 if unused), or null if the target
 *     column has no sequence
 * @param newValue the value set (or, in a dry run, that would be set)
 * @param action SET, WOULD_SET (dry run), ALREADY_AHEAD (never moved back), SOURCE_UNUSED, or
 *     NO_TARGET_SEQUENCE
 */
public record SequencePlan(
    String table,
    String column,
    String targetTable,
    Long sourceValue,
    Long targetValue,
    Long newValue,
    String action) {}
