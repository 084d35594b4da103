package io.lockstep.recovery.reconcile;

import java.util.concurrent.TimeUnit;

/**
 * Paces a run to a number of rows scanned per second: each query's rows are charged after it ran,
 * and the next one waits until the average is back under the limit. Credit left unused for more
 * than a second is forgotten, so an idle spell never allows a burst.
 */
final class Throttle {

  private static final long BURST_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long rowsPerSecond;
  private long allowedAt;

  Throttle(long rowsPerSecond) {
    this.rowsPerSecond = rowsPerSecond;
    this.allowedAt = System.nanoTime();
  }

  boolean limited() {
    return rowsPerSecond > 0;
  }

  /** Rows one query should cover at most: about a second's worth. */
  long rowsPerQuery(long otherwise) {
    return limited() ? Math.max(1, Math.min(otherwise, rowsPerSecond)) : otherwise;
  }

  /** Charges {@code rows} and waits until the run is back under the limit. */
  void pace(long rows) throws InterruptedException {
    if (!limited() || rows <= 0) {
      return;
    }
    long now = System.nanoTime();
    allowedAt = Math.max(allowedAt, now - BURST_NANOS) + nanosFor(rows);
    long wait = allowedAt - now;
    if (wait > 0) {
      // Pacing production work, not synchronising: sleeping is what a rate limit does.
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** How long {@code rows} take at the limit. */
  long nanosFor(long rows) {
    return (long) (rows * (1e9 / rowsPerSecond));
  }
}
