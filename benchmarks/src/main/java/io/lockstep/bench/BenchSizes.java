package io.lockstep.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much work each suite does. The full sizes are the issues'; the quick ones run every suite,
 * smaller and with fewer processes (no RocksDB passes in verify), so that the whole run, build
 * included, fits in 5 minutes: most of a quick run is the start-up of its JVMs, so quick ratios say
 * less than the full run's.
 *
 * @param latencyWarmUp unmeasured load at the highest rate before the latency suite's first window
 *     (none in the quick run, whose budget it would break)
 * @param checkpointInterval every pipeline's checkpoint interval: the verify suite waits for a
 *     checkpoint to commit each pass's offsets, and the catch-up suite for one before it stops
 * @param verifyOnRocksDb whether the verify suite also runs its RocksDB passes: the backlog again,
 *     and a smaller one held pending for the state per row (two more JVMs)
 */
record BenchSizes(
    String mode,
    int applyBacklog,
    int catchUpSeedRows,
    int catchUpBacklog,
    long fullLoadRows,
    List<Integer> latencyRates,
    Duration latencyPerRate,
    Duration latencyWarmUp,
    List<Integer> debeziumBatchSizes,
    long reconcileRows,
    boolean verifyOnRocksDb,
    Duration checkpointInterval) {

  static BenchSizes quick() {
    return new BenchSizes(
        "quick",
        50_000,
        5_000,
        50_000,
        50_000,
        List.of(1_000, 5_000, 10_000),
        Duration.ofSeconds(3),
        Duration.ZERO,
        List.of(2_000),
        1_000_000,
        false,
        Duration.ofSeconds(1));
  }

  static BenchSizes full() {
    return new BenchSizes(
        "full",
        1_000_000,
        100_000,
        1_000_000,
        10_000_000,
        List.of(1_000, 5_000, 10_000),
        Duration.ofSeconds(20),
        Duration.ofSeconds(5),
        List.of(500, 2_000, 5_000),
        10_000_000,
        true,
        Duration.ofSeconds(5));
  }

  BenchSizes scaled(double factor) {
    if (factor == 1) {
      return this;
    }
    return new BenchSizes(
        mode + " x" + factor,
        (int) (applyBacklog * factor),
        (int) (catchUpSeedRows * factor),
        (int) (catchUpBacklog * factor),
        (long) (fullLoadRows * factor),
        latencyRates,
        Duration.ofMillis((long) (latencyPerRate.toMillis() * factor)),
        Duration.ofMillis((long) (latencyWarmUp.toMillis() * factor)),
        debeziumBatchSizes,
        (long) (reconcileRows * factor),
        verifyOnRocksDb,
        checkpointInterval);
  }
}
