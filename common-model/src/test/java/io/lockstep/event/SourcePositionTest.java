package io.lockstep.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SourcePositionTest {

  @Test
  void mariadbPositionsMatchTheirFormatString() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 10_000; i++) {
      long epoch = random.nextLong();
      long file = random.nextLong(1L << 32);
      long pos = random.nextLong();
      long event = random.nextLong(1L << 32);
      long row = random.nextLong(1L << 32);
      assertThat(SourcePosition.mariadb(epoch, file, pos, event, row))
          .isEqualTo(String.format("my:%016X:%08X:%016X:%08X:%08X", epoch, file, pos, event, row))
          .hasSizeLessThanOrEqualTo(64);
    }
  }

  @Test
  void mariadbPositionsSortInBinlogOrder() {
    List<String> inBinlogOrder =
        List.of(
            SourcePosition.mariadbSnapshot(7),
            // mysql-bin.000009, transaction at 4000: two rows of its first rows event, then the
            // next rows event
            SourcePosition.mariadb(7, 9, 4000, 2, 1),
            SourcePosition.mariadb(7, 9, 4000, 2, 2),
            SourcePosition.mariadb(7, 9, 4000, 4, 1),
            // the next transaction, then one in the next file, which starts at a lower position
            SourcePosition.mariadb(7, 9, 0x1_0000_0000L, 1, 1),
            SourcePosition.mariadb(7, 10, 256, 1, 1),
            // a later epoch's snapshot is above everything of the earlier epoch
            SourcePosition.mariadbSnapshot(8),
            SourcePosition.mariadb(8, 1, 4, 0, 1));
    List<String> sorted = new ArrayList<>(inBinlogOrder);
    sorted.sort(null);
    assertThat(sorted).isEqualTo(inBinlogOrder);
  }

  @Test
  void epochAndFloorWorkForBothForms() {
    String my = SourcePosition.mariadb(0x2A, 3, 4, 5, 6);
    String pg = SourcePosition.postgres(0x2A, 3, 4);
    assertThat(SourcePosition.epochOf(my)).isEqualTo(0x2A);
    assertThat(SourcePosition.epochOf(pg)).isEqualTo(0x2A);

    assertThat(SourcePosition.epochFloor(my, 0x2B)).isEqualTo(SourcePosition.mariadbSnapshot(0x2B));
    assertThat(SourcePosition.epochFloor(pg, 0x2B)).isEqualTo(SourcePosition.epochFloor(0x2B));
    assertThat(my).isLessThan(SourcePosition.epochFloor(my, 0x2B));
    assertThat(SourcePosition.epochFloor(my, 0x2A)).isLessThanOrEqualTo(my);
    assertThatThrownBy(() -> SourcePosition.epochFloor("x", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesPartsTooWideForTheirField() {
    assertThatThrownBy(() -> SourcePosition.mariadb(1, 1L << 32, 0, 0, 0))
        .hasMessageContaining("does not fit 8 digits");
  }
}
