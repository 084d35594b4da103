package io.lockstep.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

class RetrierTest {

  /** Log lines as "level message". */
  private final List<String> lines = new ArrayList<>();

  private final Logger log =
      (Logger)
          Proxy.newProxyInstance(
              Logger.class.getClassLoader(),
              new Class<?>[] {Logger.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "warn", "info", "debug" -> {
                    Object[] values =
                        args.length == 2 && args[1] instanceof Object[] all
                            ? all
                            : Arrays.copyOfRange(args, 1, args.length);
                    lines.add(
                        method.getName()
                            + " "
                            + MessageFormatter.arrayFormat((String) args[0], values).getMessage());
                    return null;
                  }
                  case "isDebugEnabled", "isInfoEnabled", "isWarnEnabled" -> {
                    return true;
                  }
                  default -> {
                    return null;
                  }
                }
              });

  private static final Backoff QUICK = Backoff.doubling(Duration.ofMillis(1), Duration.ofMillis(4));

  @Test
  void retriesUntilTheAttemptSucceedsAndSaysSo() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Retrier retrier = Retrier.unlimited(log, "Reading the topic", QUICK);

    String result =
        retrier.call(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("down\nsecond line");
              }
              return "read";
            });

    assertThat(result).isEqualTo("read");
    assertThat(calls).hasValue(3);
    assertThat(retrier.attempts()).isZero();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .startsWith("warn ")
        .contains("Reading the topic: attempt 1 of unlimited failed (IllegalStateException: down)")
        .doesNotContain("second line");
    assertThat(lines.get(1))
        .startsWith("debug ")
        .contains("Reading the topic: attempt 2 of unlimited failed");
    assertThat(lines.get(2))
        .startsWith("info ")
        .contains("Reading the topic: attempt 3 of unlimited succeeded");
  }

  @Test
  void givesUpAfterTheLastAttemptWithItsFailure() {
    AtomicInteger calls = new AtomicInteger();
    Retrier retrier = new Retrier(log, "Writing", QUICK, 3, false);

    assertThatThrownBy(
            () ->
                retrier.call(
                    () -> {
                      throw new IllegalStateException("refused " + calls.incrementAndGet());
                    }))
        .hasMessage("refused 3");
    assertThat(calls).hasValue(3);
    assertThat(lines.get(lines.size() - 1))
        .contains("Writing: attempt 3 of 3 failed (IllegalStateException: refused 3); giving up");
  }

  @Test
  void failedCountsTheEpisodeAndSucceededEndsIt() throws Exception {
    Retrier retrier = new Retrier(log, "Target", QUICK, 2, false);
    assertThat(retrier.failed(new RuntimeException("x"))).isTrue();
    assertThat(retrier.attempts()).isEqualTo(1);
    assertThat(retrier.failed(new RuntimeException("x"))).isFalse();
    retrier.succeeded();
    assertThat(retrier.attempts()).isZero();
  }

  @Test
  void waitsGrowUpToTheMaximumWithJitterBelowThem() throws Exception {
    Backoff backoff = Backoff.doubling(Duration.ofMillis(200), Duration.ofSeconds(30));
    Retrier plain = new Retrier(log, "t", backoff, Retrier.UNLIMITED, false);
    assertThat(plain.nextDelayMillis()).isEqualTo(200);
    Retrier jittered = new Retrier(log, "t", backoff, Retrier.UNLIMITED, true);
    for (int i = 0; i < 50; i++) {
      assertThat(jittered.nextDelayMillis()).isBetween(100L, 200L);
    }
  }

  @Test
  void anInterruptWhileWaitingIsThrownWithTheFlagSetAgain() {
    Retrier retrier =
        Retrier.unlimited(log, "t", Backoff.doubling(Duration.ofHours(1), Duration.ofHours(1)));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> retrier.failed(new RuntimeException("x")))
          .isInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
