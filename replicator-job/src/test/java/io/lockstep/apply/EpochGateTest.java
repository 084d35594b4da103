package io.lockstep.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EpochGateTest {

  private static final TableSchema T =
      new TableSchema(
          new TableId("db", "s", "t"),
          List.of(new ColumnSchema("id", ColumnType.INT64, null, "int8", false)),
          List.of("id"));

  private static ChangeEvent inEpoch(long epoch) {
    return ChangeEvent.insert(
        T, Map.of("id", 1L), Instant.now(), SourcePosition.postgres(epoch, 5, 6), "1");
  }

  private final AtomicLong announced = new AtomicLong();
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger targetReads = new AtomicInteger();

  private EpochGate gate(long targetEpoch) {
    return new EpochGate(
        () -> {
          reads.incrementAndGet();
          return announced.get();
        },
        () -> {
          targetReads.incrementAndGet();
          return targetEpoch;
        },
        "lockstep.epochs",
        WAIT);
  }

  /** A short wait, so that the test does not take the production 15 s. */
  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(2);

  @Test
  void theTargetsOwnEpochNeedsNoAnnouncement() throws Exception {
    EpochGate gate = gate(7);
    assertThat(gate.problem(inEpoch(7))).isNull();
    assertThat(gate.problem(inEpoch(3))).isNull();
    assertThat(reads).hasValue(0);
    assertThat(targetReads).hasValue(1);
  }

  @Test
  void anAnnouncedEpochIsLetIn() throws Exception {
    announced.set(9);
    EpochGate gate = gate(7);
    assertThat(gate.problem(inEpoch(9))).isNull();
    assertThat(gate.problem(inEpoch(9))).isNull();
    assertThat(reads).hasValue(1);
  }

  @Test
  void anUnannouncedEpochIsRefusedAndThenRefusedWithoutWaiting() throws Exception {
    announced.set(7);
    EpochGate gate = gate(7);
    long started = System.nanoTime();
    assertThat(gate.problem(inEpoch(Long.MAX_VALUE >>> 4)))
        .contains("never announced")
        .contains("lockstep.epochs");
    assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(WAIT.toNanos());
    int readsAfterFirst = reads.get();
    long again = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      assertThat(gate.problem(inEpoch((Long.MAX_VALUE >>> 4) - i))).isNotNull();
    }
    // A flood of forged epochs costs no more waits, and at most a read or two.
    assertThat(System.nanoTime() - again).isLessThan(WAIT.toNanos());
    assertThat(reads.get() - readsAfterFirst).isLessThanOrEqualTo(2);
    // Genuine changes of the known epoch still pass.
    assertThat(gate.problem(inEpoch(7))).isNull();
  }

  @Test
  void anEpochsTopicThatCannotBeReadHoldsTheStreamInsteadOfRefusing() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    EpochGate gate =
        new EpochGate(
            () -> {
              if (failures.incrementAndGet() <= 2) {
                throw new IllegalStateException("not authorized to read lockstep.epochs");
              }
              return 8;
            },
            () -> 7,
            "lockstep.epochs",
            WAIT);
    assertThat(gate.problem(inEpoch(8))).isNull();
    assertThat(failures).hasValue(3);
  }

  @Test
  void anAnnouncementThatArrivesLateIsWaitedFor() throws Exception {
    EpochGate gate =
        new EpochGate(() -> reads.incrementAndGet() >= 3 ? 8 : 7, () -> 7, "lockstep.epochs", WAIT);
    assertThat(gate.problem(inEpoch(8))).isNull();
  }
}
