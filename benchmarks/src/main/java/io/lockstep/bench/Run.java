package io.lockstep.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One writer draining one workload. Its rate is the user's view: from the moment the writer is
 * started (or resumed) to the moment the target holds the expected state, so start-up and warm-up
 * count. The steady rate, from the first write on, is kept for the detail tables.
 */
record Run(
    double rate,
    double steadyRate,
    Duration firstWrite,
    Duration done,
    List<TableProgress.Sample> series,
    String settings) {

  static Run of(long changes, TableProgress progress, Duration done, String settings) {
    Duration first = progress.firstWrite();
    if (first == null || first.compareTo(done) >= 0) {
      // Everything landed between two samples (or in one transaction).
      first = Duration.ZERO;
    }
    double steadySeconds = (done.toNanos() - first.toNanos()) / 1e9;
    return new Run(
        changes / (done.toNanos() / 1e9),
        changes / steadySeconds,
        first,
        done,
        progress.ratePerSecond(),
        settings);
  }

  String startup() {
    return seconds(firstWrite);
  }

  String wall() {
    return seconds(done);
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
