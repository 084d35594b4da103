package io.lockstep.retry;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The state of one retry loop: the attempts of the failure episode under way, the wait before the
 * next one ({@link Backoff}, optionally with full jitter so that many callers do not retry in step)
 * and its log lines, each naming "attempt n of m": a warning when an episode starts, debug lines
 * while it lasts, one line when it ends. An interrupt while waiting is thrown as {@link
 * InterruptedException} with the thread's interrupt flag set again.
 *
 * <p>{@link #call} runs a whole loop; callers with their own loop (a failure they must not retry, a
 * flag that ends it) call {@link #failed} and {@link #succeeded}. Not for use by two threads at
 * once; {@link #attempts()} may be read from any thread (a metric).
 */
public final class Retrier {

  /** {@code maxAttempts} of a loop that retries until it succeeds or is interrupted. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  private final Logger log;
  private final String what;
  private final Backoff backoff;
  private final int maxAttempts;
  private final boolean jitter;
  private volatile int attempt;
  private long episodeStart;

  /**
   * @param log the caller's logger
   * @param what what is tried, as the log lines name it (never a password or a URL with one)
   * @param maxAttempts attempts before {@link #failed} answers false, or {@link #UNLIMITED}
   * @param jitter whether each wait is drawn between half of the back-off and all of it
   */
  public Retrier(Logger log, String what, Backoff backoff, int maxAttempts, boolean jitter) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
    }
    this.log = log;
    this.what = what;
    this.backoff = backoff;
    this.maxAttempts = maxAttempts;
    this.jitter = jitter;
  }

  /** A loop that retries until it succeeds, waiting {@code backoff} (no jitter). */
  public static Retrier unlimited(Logger log, String what, Backoff backoff) {
    return new Retrier(log, what, backoff, UNLIMITED, false);
  }

  /**
   * Records a failed attempt and, unless it was the last one allowed, waits before the next.
   *
   * @return whether to try again; false (without a wait) after the last attempt allowed
   * @throws InterruptedException when interrupted while waiting; the interrupt flag is set again
   */
  public boolean failed(Exception error) throws InterruptedException {
    int n = attempt + 1;
    attempt = n;
    if (n == 1) {
      episodeStart = System.nanoTime();
    }
    if (n >= maxAttempts) {
      log.warn("{}: attempt {} of {} failed ({}); giving up", what, n, limit(), firstLine(error));
      return false;
    }
    long wait = nextDelayMillis();
    if (n == 1) {
      log.warn(
          "{}: attempt {} of {} failed ({}); retrying with back-off up to {}s. A line follows"
              + " when it succeeds.",
          what,
          n,
          limit(),
          firstLine(error),
          backoff.max().toSeconds());
    } else {
      log.debug(
          "{}: attempt {} of {} failed ({}); next in {} ms",
          what,
          n,
          limit(),
          firstLine(error),
          wait);
    }
    sleep(wait);
    return true;
  }

  /** Ends the failure episode, if one was under way, with a line that says so. */
  public void succeeded() {
    int n = attempt;
    if (n > 0) {
      log.info(
          "{}: attempt {} of {} succeeded after {} ms of failures; going on",
          what,
          n + 1,
          limit(),
          (System.nanoTime() - episodeStart) / 1_000_000);
      attempt = 0;
    }
  }

  /**
   * Runs {@code attempt} until it returns, retrying every {@link RuntimeException} it throws.
   *
   * @throws RuntimeException the last failure, once {@code maxAttempts} attempts failed
   * @throws InterruptedException when interrupted while waiting; the interrupt flag is set again
   */
  public <T> T call(Supplier<T> attempt) throws InterruptedException {
    while (true) {
      try {
        T result = attempt.get();
        succeeded();
        return result;
      } catch (RuntimeException e) {
        if (!failed(e)) {
          this.attempt = 0;
          throw e;
        }
      }
    }
  }

  /** Failed attempts of the episode under way; 0 when the last attempt succeeded. */
  public int attempts() {
    return attempt;
  }

  /** The wait after the failed attempts so far (at least one). */
  long nextDelayMillis() {
    long ceiling = backoff.after(Math.max(attempt, 1) - 1).toMillis();
    return jitter ? ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1) : ceiling;
  }

  private String limit() {
    return maxAttempts == UNLIMITED ? "unlimited" : Integer.toString(maxAttempts);
  }

  private static void sleep(long millis) throws InterruptedException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  /** The error's class and the first line of its message. */
  public static String firstLine(Throwable error) {
    String message = String.valueOf(error.getMessage());
    int newline = message.indexOf('\n');
    return error.getClass().getSimpleName()
        + ": "
        + (newline < 0 ? message : message.substring(0, newline));
  }
}
