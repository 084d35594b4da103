package io.lockstep.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much work each suite does. The full sizes are the issue's; the quick ones keep every suite's
 * shape at a size that finishes in minutes.
 */
record BenchSizes(
    String mode,
    int applyBacklog,
    int catchUpSeedRows,
    int catchUpBacklog,
    long fullLoadRows,
    List<Integer> latencyRates,
    Duration latencyPerRate,
    List<Integer> debeziumBatchSizes,
    long reconcileRows) {

  static BenchSizes quick() {
    return new BenchSizes(
        "quick",
        200_000,
        20_000,
        200_000,
        200_000,
        List.of(1_000, 5_000, 10_000),
        Duration.ofSeconds(8),
        List.of(2_000),
        1_000_000);
  }

  static BenchSizes full() {
    return new BenchSizes(
        "full",
        1_000_000,
        100_000,
        1_000_000,
        10_000_000,
        List.of(1_000, 5_000, 10_000),
        Duration.ofSeconds(30),
        List.of(500, 2_000, 5_000),
        10_000_000);
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
        debeziumBatchSizes,
        (long) (reconcileRows * factor));
  }
}
