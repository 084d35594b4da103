package io.lockstep.recovery.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntegerRangesTest {

  @Test
  void bucketsHoldAboutALeafEachWithinLimits() {
    assertThat(IntegerRanges.buckets(10_000, 1_000, 4_096, 2)).isEqualTo(10);
    assertThat(IntegerRanges.buckets(10_001, 1_000, 4_096, 2)).isEqualTo(11);
    assertThat(IntegerRanges.buckets(500, 1_000, 4_096, 2)).isEqualTo(2);
    assertThat(IntegerRanges.buckets(500, 1_000, 4_096, 1)).isEqualTo(1);
    assertThat(IntegerRanges.buckets(100_000_000, 1_000, 4_096, 2)).isEqualTo(4_096);
  }

  @Test
  void widthCoversTheSpanInTheBuckets() {
    assertThat(IntegerRanges.width(0, 10, 3)).isEqualTo(4);
    assertThat(IntegerRanges.width(5, 6, 16)).isEqualTo(1);
    assertThat(IntegerRanges.width(-100, 100, 2)).isEqualTo(100);
  }

  @Test
  void chunksCoverTheRangeWithoutGapsOrOverlap() {
    List<KeyRange> chunks = IntegerRanges.chunks(1, 1_000_001, 3);
    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(0).lower()).containsExactly("1");
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).lower()).isEqualTo(chunks.get(i - 1).upper());
    }
    assertThat(chunks.get(2).upper()).containsExactly("1000001");
    assertThat(chunks).noneMatch(KeyRange::measured);
  }

  @Test
  void chunksNearTheLargestKeyDoNotOverflow() {
    List<KeyRange> chunks = IntegerRanges.chunks(Long.MAX_VALUE - 10, Long.MAX_VALUE, 4);
    assertThat(chunks.get(chunks.size() - 1).upper())
        .containsExactly(Long.toString(Long.MAX_VALUE));
  }

  @Test
  void unionTakesBothSidesBounds() {
    assertThat(IntegerRanges.union(new long[] {5, 10}, new long[] {1, 7})).containsExactly(1, 10);
    assertThat(IntegerRanges.union(null, new long[] {1, 7})).containsExactly(1, 7);
    assertThat(IntegerRanges.union(null, null)).isNull();
  }

  @Test
  void densityComesFromTheEstimateAndIsOneWithout() {
    assertThat(IntegerRanges.density(500, new long[] {1, 1_000})).isEqualTo(0.5);
    assertThat(IntegerRanges.density(-1, new long[] {1, 1_000})).isEqualTo(1);
    assertThat(IntegerRanges.density(5_000, new long[] {1, 1_000})).isEqualTo(1);
    assertThat(IntegerRanges.estimate(1_000, 0.5)).isEqualTo(500);
  }

  @Test
  void aKeyAtTheLargestLongIsRefusedWithAWayOut() {
    assertThatThrownBy(() -> IntegerRanges.exclusive(Long.MAX_VALUE, "public.t"))
        .hasMessageContaining("public.t")
        .hasMessageContaining("list of keys");
  }
}
