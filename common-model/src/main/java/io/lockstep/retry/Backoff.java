package io.lockstep.retry;

import java.time.Duration;

/**
 * Exponential back-off: a first wait of {@code delay}, each wait after it {@code multiplier} times
 * the one before, at most {@code max}. The recovery service spaces an item's attempts with it (the
 * first {@code delay} after the record was written); {@link Retrier} waits with it between the
 * attempts of a retry loop.
 */
public record Backoff(Duration delay, double multiplier, Duration max) {

  /** Doubling from {@code delay} up to {@code max}. */
  public static Backoff doubling(Duration delay, Duration max) {
    return new Backoff(delay, 2.0, max);
  }

  /** The wait after attempt {@code attempts} (1 for the first) failed: delay × multiplier^n. */
  public Duration after(int attempts) {
    double millis = delay.toMillis() * Math.pow(multiplier, attempts);
    return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
  }
}
