package io.lockstep.recovery.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.event.SourcePosition;
import io.lockstep.types.Engine;
import org.junit.jupiter.api.Test;

class SyncPositionTest {

  private static final String STORED = SourcePosition.postgres(1, 0x100, 0x110);
  private static final String KNOWN = SourcePosition.postgres(1, 0x200, 0x210);
  private static final String FLOOR = SourcePosition.snapshot(1);

  @Test
  void writesTheNewestPositionKnownToBeInTheRowRead() {
    assertThat(SyncPosition.choose(Engine.POSTGRES, STORED, KNOWN, FLOOR)).isEqualTo(KNOWN);
    assertThat(SyncPosition.choose(Engine.POSTGRES, KNOWN, STORED, FLOOR)).isEqualTo(KNOWN);
  }

  @Test
  void neverWritesBelowTheStoredPosition() {
    String olderKnown = SourcePosition.postgres(1, 0x10, 0x20);
    assertThat(SyncPosition.choose(Engine.POSTGRES, STORED, olderKnown, FLOOR)).isEqualTo(STORED);
  }

  @Test
  void aRowWithoutPositionGetsTheCurrentEpochsFloorSoNoSweepTakesItForALeftover() {
    assertThat(SyncPosition.choose(Engine.POSTGRES, null, null, SourcePosition.snapshot(3)))
        .isEqualTo(SourcePosition.snapshot(3))
        .isLessThan(SourcePosition.postgres(3, 1, 1));
  }

  @Test
  void withoutAnyPositionTheImageIsNamedByEpochZeroInTheSourcesForm() {
    assertThat(SyncPosition.choose(Engine.POSTGRES, null, null, null))
        .isEqualTo(SourcePosition.snapshot(0));
    assertThat(SyncPosition.choose(Engine.MARIADB, null, null, null))
        .isEqualTo(SourcePosition.mariadbSnapshot(0));
  }

  @Test
  void refusesKnownPositionsOfAnotherFormOrNone() {
    SyncPosition.check(Engine.POSTGRES, KNOWN);
    SyncPosition.check(Engine.POSTGRES, null);
    assertThatThrownBy(
            () -> SyncPosition.check(Engine.POSTGRES, SourcePosition.mariadb(1, 2, 3, 4, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a position of a PostgreSQL source");
    assertThatThrownBy(() -> SyncPosition.check(Engine.MARIADB, "0/16B3748"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0/16B3748");
  }
}
