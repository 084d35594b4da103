package io.lockstep.recovery.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThrottleTest {

  @Test
  void aLimitBoundsEachQueryToAboutASecondOfRows() {
    assertThat(new Throttle(5_000).rowsPerQuery(4_096_000)).isEqualTo(5_000);
    assertThat(new Throttle(0).rowsPerQuery(4_096_000)).isEqualTo(4_096_000);
  }

  @Test
  void rowsCostTheirShareOfASecond() {
    assertThat(new Throttle(1_000).nanosFor(500)).isEqualTo(500_000_000L);
  }

  @Test
  void noLimitNeverWaits() throws InterruptedException {
    Throttle none = new Throttle(0);
    long before = System.nanoTime();
    none.pace(1_000_000_000L);
    assertThat(System.nanoTime() - before).isLessThan(1_000_000_000L);
  }
}
