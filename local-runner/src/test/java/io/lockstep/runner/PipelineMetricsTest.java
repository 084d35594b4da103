package io.lockstep.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

  @Test
  void anOperatorsMetricIsTheTotal() {
    assertThat(
            PipelineMetrics.isTaskTotal(
                "Apply_to_target.lockstepEventsApplied", "lockstepEventsApplied"))
        .isTrue();
    assertThat(PipelineMetrics.isTaskTotal("lockstepEventsApplied", "lockstepEventsApplied"))
        .isTrue();
  }

  @Test
  void perTableTwinsAreLeftOutSoThatNoEventIsCountedTwice() {
    assertThat(
            PipelineMetrics.isTaskTotal(
                "Apply_to_target.table.public.orders.lockstepEventsApplied",
                "lockstepEventsApplied"))
        .isFalse();
  }

  @Test
  void aMetricWhoseNameOnlyEndsTheSameIsNotIt() {
    assertThat(
            PipelineMetrics.isTaskTotal(
                "Apply_to_target.otherlockstepEventsApplied", "lockstepEventsApplied"))
        .isFalse();
  }
}
