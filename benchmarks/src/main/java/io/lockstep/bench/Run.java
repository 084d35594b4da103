package io.lockstep.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One writer draining one workload: its rate from its first write to its last, and the start-up
 * before the first write, which is reported apart because it does not grow with the workload.
 */
record Run(
    double rate,
    Duration firstWrite,
    Duration done,
    List<TableProgress.Sample> series,
    String settings) {

  static Run of(long changes, TableProgress progress, Duration done, String settings) {
    Duration first = progress.firstWrite();
    if (first == null || first.compareTo(done) >= 0) {
      // Everything landed between two samples (or in one transaction): time the whole run.
      first = Duration.ZERO;
    }
    double seconds = (done.toNanos() - first.toNanos()) / 1e9;
    return new Run(changes / seconds, first, done, progress.ratePerSecond(), settings);
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
