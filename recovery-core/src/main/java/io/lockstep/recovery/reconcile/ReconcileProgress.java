package io.lockstep.recovery.reconcile;

import java.time.Duration;

/**
 * Where a run is.
 *
 * @param table the source table, {@code schema.table}
 * @param rangesDone key ranges compared (equal, or split, or fetched)
 * @param rangesTotal ranges done plus those pending: grows as differing ranges are split
 * @param rowsCompared rows covered by equal checksums or compared one by one (source side)
 * @param differences rows found to differ so far
 * @param elapsed time since the run (or its resumption) started
 * @param rowsThisRun rows compared since the run (or its resumption) started
 */
public record ReconcileProgress(
    String table,
    long rangesDone,
    long rangesTotal,
    long rowsCompared,
    long differences,
    Duration elapsed,
    long rowsThisRun) {

  /** Rows compared per second since the run (or its resumption) started. */
  public double rowsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : rowsThisRun / seconds;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%s: %d/%d ranges, %,d rows compared (%,.0f rows/s), %d differences",
        table,
        rangesDone,
        rangesTotal,
        rowsCompared,
        rowsPerSecond(),
        differences);
  }
}
