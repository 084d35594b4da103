package io.lockstep.apply;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back-off for errors the target will get over (connection lost, restart, failover, deadlock): the
 * caller waits and tries again, without limit, which holds back the stream (back-pressure). One
 * warning when an episode starts and one line when it ends, not one per attempt.
 */
final class TransientRetry {

  private static final Logger LOG = LoggerFactory.getLogger(TransientRetry.class);

  private final String what;
  private final Duration initial;
  private final Duration max;
  // Read by the metric reporter's thread (lockstepRetriesInProgress).
  private volatile int attempt;
  private long episodeStart;

  TransientRetry(String what, Duration initial, Duration max) {
    this.what = what;
    this.initial = initial;
    this.max = max;
  }

  /** Records a transient failure and waits before the next attempt. */
  void failedTransiently(Exception error) throws InterruptedException {
    attempt++;
    if (attempt == 1) {
      episodeStart = System.nanoTime();
      LOG.warn(
          "{} is not available ({}); holding the stream and retrying with back-off up to {}s."
              + " A line follows when it is back.",
          what,
          firstLine(error),
          max.toSeconds());
    } else {
      LOG.debug("{} still not available, attempt {}: {}", what, attempt, firstLine(error));
    }
    Thread.sleep(nextDelayMillis());
  }

  /** Ends an episode, if one was running. */
  void succeeded() {
    if (attempt > 0) {
      LOG.info(
          "{} is back after {} attempts over {} ms; the stream goes on.",
          what,
          attempt,
          (System.nanoTime() - episodeStart) / 1_000_000);
      attempt = 0;
    }
  }

  int attempts() {
    return attempt;
  }

  /** Exponential, capped, with full jitter so that many writers do not retry in step. */
  long nextDelayMillis() {
    long ceiling = initial.toMillis() << Math.min(attempt - 1, 20);
    ceiling = Math.min(Math.max(ceiling, initial.toMillis()), max.toMillis());
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  static String firstLine(Throwable error) {
    String message = String.valueOf(error.getMessage());
    int newline = message.indexOf('\n');
    return error.getClass().getSimpleName()
        + ": "
        + (newline < 0 ? message : message.substring(0, newline));
  }
}
