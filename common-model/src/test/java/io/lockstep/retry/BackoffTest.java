package io.lockstep.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void waitsGrowByTheMultiplierUpToTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofMinutes(5), 2.0, Duration.ofHours(1));
    assertThat(backoff.after(1)).isEqualTo(Duration.ofMinutes(10));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofMinutes(20));
    assertThat(backoff.after(3)).isEqualTo(Duration.ofMinutes(40));
    assertThat(backoff.after(4)).isEqualTo(Duration.ofHours(1));
    assertThat(backoff.after(60)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void doublingStartsAtTheDelay() {
    Backoff backoff = Backoff.doubling(Duration.ofMillis(200), Duration.ofSeconds(30));
    assertThat(backoff.after(0)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.after(20)).isEqualTo(Duration.ofSeconds(30));
  }
}
