package io.lockstep.recovery.service.retry;

import java.time.Duration;

/**
 * When an item is tried again: the first attempt {@code delay} after the record was written, then
 * after attempt n a wait of {@code delay × multiplier^n}, at most {@code max}.
 */
public record Backoff(Duration delay, double multiplier, Duration max) {

  /** The wait after attempt {@code attempts} (1 for the first) failed. */
  public Duration after(int attempts) {
    double millis = delay.toMillis() * Math.pow(multiplier, attempts);
    return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
  }
}
