package io.lockstep.recovery.reconcile;

import java.util.List;
import java.util.Map;

/**
 * What to reconcile and how: {@link #table(String)} for a whole table, or {@link #builder(String)}
 * to narrow it.
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
    return builder(table).build();
  }

  /** A request for {@code table}: the whole table, dry run, no limit, until narrowed. */
  public static Builder builder(String table) {
    return new Builder(table);
  }

  /** A builder holding this request's values, to change some of them. */
  public Builder toBuilder() {
    return new Builder(table)
        .range(lower, upper)
        .keys(keys)
        .repair(repair)
        .rowsPerSecond(rowsPerSecond)
        .columns(columns)
        .tuning(leafRows, bucketsPerQuery, repairBatch);
  }

  /** Builds a {@link ReconcileRequest}; {@link #build()} checks the values. */
  public static final class Builder {
    private final String table;
    private List<?> lower;
    private List<?> upper;
    private List<Map<String, Object>> keys = List.of();
    private boolean repair;
    private long rowsPerSecond;
    private List<String> columns = List.of();
    private int leafRows = DEFAULT_LEAF_ROWS;
    private int bucketsPerQuery = DEFAULT_BUCKETS_PER_QUERY;
    private int repairBatch = DEFAULT_REPAIR_BATCH;

    private Builder(String table) {
      this.table = table;
    }

    /**
     * Only keys from {@code lower} (inclusive) to {@code upper} (exclusive); either may be null.
     */
    public Builder range(List<?> lower, List<?> upper) {
      this.lower = lower;
      this.upper = upper;
      return this;
    }

    /** Only these rows. */
    public Builder keys(List<Map<String, Object>> keys) {
      this.keys = keys;
      return this;
    }

    /** Whether differing rows are repaired (else a dry run that only reports). */
    public Builder repair(boolean repair) {
      this.repair = repair;
      return this;
    }

    /** At most this many rows scanned per second on each side; 0 for no limit. */
    public Builder rowsPerSecond(long rowsPerSecond) {
      this.rowsPerSecond = rowsPerSecond;
      return this;
    }

    /** Compare only these columns (and the key): for instance a column added late, to backfill. */
    public Builder columns(List<String> columns) {
      this.columns = columns;
      return this;
    }

    public Builder tuning(int leafRows, int bucketsPerQuery, int repairBatch) {
      this.leafRows = leafRows;
      this.bucketsPerQuery = bucketsPerQuery;
      this.repairBatch = repairBatch;
      return this;
    }

    /**
     * The request.
     *
     * @throws IllegalArgumentException when a value is out of range or no table is named
     */
    public ReconcileRequest build() {
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
}
