package io.lockstep.recovery.reconcile;

import java.util.List;
import java.util.Map;

/**
 * What to reconcile and how. Start from {@link #table(String)} and narrow with the {@code with}
 * methods.
 *
 * @param table the source table, {@code schema.table} (on MariaDB/MySQL {@code database.table}); a
 *     bare table name is accepted when one schema has it
 * @param lower first key of a key range (values in key order, event-typed or their text), or null
 * @param upper first key after the range, or null
 * @param keys when not empty, only these rows (key column name to value), instead of a range
 * @param repair whether differing rows are repaired (else a dry run that only reports)
 * @param rowsPerSecond at most this many rows scanned per second on each side; 0 for no limit
 * @param columns when not empty, only these columns are compared (the key always is)
 * @param leafRows ranges of at most this many rows are fetched and compared row by row
 * @param bucketsPerQuery at most this many bucket checksums per grouped query
 * @param repairBatch keys handed to the repair at a time
 */
public record ReconcileRequest(
    String table,
    List<?> lower,
    List<?> upper,
    List<Map<String, Object>> keys,
    boolean repair,
    long rowsPerSecond,
    List<String> columns,
    int leafRows,
    int bucketsPerQuery,
    int repairBatch) {

  public static final int DEFAULT_LEAF_ROWS = 1_000;
  public static final int DEFAULT_BUCKETS_PER_QUERY = 4_096;
  public static final int DEFAULT_REPAIR_BATCH = 500;

  public ReconcileRequest {
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException("name the source table to reconcile (schema.table)");
    }
    keys = keys == null ? List.of() : List.copyOf(keys);
    columns = columns == null ? List.of() : List.copyOf(columns);
    if (rowsPerSecond < 0) {
      throw new IllegalArgumentException(
          "rows per second must be 0 (no limit) or positive, not " + rowsPerSecond);
    }
    if (leafRows < 1 || bucketsPerQuery < 2 || repairBatch < 1) {
      throw new IllegalArgumentException(
          "leafRows must be at least 1, bucketsPerQuery at least 2 and repairBatch at least 1;"
              + " got "
              + leafRows
              + ", "
              + bucketsPerQuery
              + ", "
              + repairBatch);
    }
  }

  /** The whole table, dry run, no limit. */
  public static ReconcileRequest table(String table) {
    return new ReconcileRequest(
        table,
        null,
        null,
        List.of(),
        false,
        0,
        List.of(),
        DEFAULT_LEAF_ROWS,
        DEFAULT_BUCKETS_PER_QUERY,
        DEFAULT_REPAIR_BATCH);
  }

  /** Only keys from {@code lower} (inclusive) to {@code upper} (exclusive); either may be null. */
  public ReconcileRequest withRange(List<?> lower, List<?> upper) {
    return new ReconcileRequest(
        table,
        lower,
        upper,
        keys,
        repair,
        rowsPerSecond,
        columns,
        leafRows,
        bucketsPerQuery,
        repairBatch);
  }

  /** Only these rows. */
  public ReconcileRequest withKeys(List<Map<String, Object>> keys) {
    return new ReconcileRequest(
        table,
        lower,
        upper,
        keys,
        repair,
        rowsPerSecond,
        columns,
        leafRows,
        bucketsPerQuery,
        repairBatch);
  }

  public ReconcileRequest withRepair(boolean repair) {
    return new ReconcileRequest(
        table,
        lower,
        upper,
        keys,
        repair,
        rowsPerSecond,
        columns,
        leafRows,
        bucketsPerQuery,
        repairBatch);
  }

  public ReconcileRequest withRowsPerSecond(long rowsPerSecond) {
    return new ReconcileRequest(
        table,
        lower,
        upper,
        keys,
        repair,
        rowsPerSecond,
        columns,
        leafRows,
        bucketsPerQuery,
        repairBatch);
  }

  /** Compare only these columns (and the key): for instance a column added late, to backfill. */
  public ReconcileRequest withColumns(List<String> columns) {
    return new ReconcileRequest(
        table,
        lower,
        upper,
        keys,
        repair,
        rowsPerSecond,
        columns,
        leafRows,
        bucketsPerQuery,
        repairBatch);
  }

  public ReconcileRequest withTuning(int leafRows, int bucketsPerQuery, int repairBatch) {
    return new ReconcileRequest(
        table,
        lower,
        upper,
        keys,
        repair,
        rowsPerSecond,
        columns,
        leafRows,
        bucketsPerQuery,
        repairBatch);
  }
}
