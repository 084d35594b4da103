package io.lockstep.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetGapsTest {

  @Test
  void consecutiveOffsetsHaveNoGap() {
    OffsetGaps gaps = new OffsetGaps();
    for (long offset = 0; offset < 100; offset++) {
      assertThat(gaps.read("t/0", offset)).isNull();
    }
  }

  @Test
  void aJumpIsAGapNamingTheMissingOffsets() {
    OffsetGaps gaps = new OffsetGaps();
    gaps.read("t/0", 4);
    OffsetGaps.Gap gap = gaps.read("t/0", 10);
    assertThat(gap).isEqualTo(new OffsetGaps.Gap("t/0", 5, 9));
    assertThat(gap.missing()).isEqualTo(5);
    // Partitions are tracked apart; a first read of a partition is no gap.
    assertThat(gaps.read("t/1", 1000)).isNull();
  }

  @Test
  void aReplayAfterARestoreIsNoGap() {
    OffsetGaps gaps = new OffsetGaps();
    gaps.read("t/0", 7);
    OffsetGaps restored = new OffsetGaps();
    gaps.positions().forEach(restored::restore);
    // A restore reads from the checkpointed offset again: at or before the next expected one.
    assertThat(restored.read("t/0", 8)).isNull();
    assertThat(restored.read("t/0", 3)).isNull();
    assertThat(restored.read("t/0", 4)).isNull();
  }

  @Test
  void aRestoreAfterRetentionDeletedRecordsFindsTheGap() {
    OffsetGaps before = new OffsetGaps();
    before.read("t/0", 41);
    OffsetGaps after = new OffsetGaps();
    before.positions().forEach(after::restore);
    // The consumer found offset 42 gone and went on at the earliest left, 500.
    assertThat(after.read("t/0", 500)).isEqualTo(new OffsetGaps.Gap("t/0", 42, 499));
  }

  @Test
  void theFurthestPositionOfARestoredPartitionWins() {
    OffsetGaps gaps = new OffsetGaps();
    gaps.restore("t/0", 10);
    gaps.restore("t/0", 5);
    assertThat(gaps.positions()).containsEntry("t/0", 10L);
  }
}
