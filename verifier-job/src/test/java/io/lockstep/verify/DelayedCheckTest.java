package io.lockstep.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The delayed check on RocksDB, through Flink's operator test harness: with every row buffered on
 * the heap (1,000), some (1, 3) or none (0), a row is checked once, a delay after its first change,
 * with its newest change; pending rows survive a checkpoint and a restore with their due times, and
 * a rescale from one task to two; a check waits while apply is behind; and nothing is left in the
 * state once every row is checked.
 */
class DelayedCheckTest {

  private static final long DELAY = 1_000;
  private static final int MAX_PARALLELISM = 128;

  /** The apply job's committed offset, for every partition. */
  private static final AtomicLong APPLY_COMMITTED = new AtomicLong(Long.MAX_VALUE);

  @BeforeEach
  void applyIsCaughtUp() {
    APPLY_COMMITTED.set(Long.MAX_VALUE);
  }

  @ParameterizedTest(name = "buffered rows {0}")
  @ValueSource(ints = {0, 1, 1_000})
  void checksARowOnceADelayAfterItsFirstChangeWithItsNewestChange(int bufferedRows)
      throws Exception {
    try (var harness = harness(bufferedRows)) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(change("a", 1), 0);
      harness.setProcessingTime(100);
      harness.processElement(change("b", 2), 0);
      harness.setProcessingTime(500);
      harness.processElement(change("a", 3), 0);

      harness.setProcessingTime(999);
      assertThat(harness.extractOutputValues()).isEmpty();
      harness.setProcessingTime(1_000);
      assertThat(checked(harness)).containsExactly("a@3");
      harness.setProcessingTime(1_100);
      assertThat(checked(harness)).containsExactly("a@3", "b@2");

      harness.setProcessingTime(10_000);
      assertThat(checked(harness)).containsExactly("a@3", "b@2");
      assertThat(pendingInState(harness)).isZero();
    }
  }

  @ParameterizedTest(name = "buffered rows {0}")
  @ValueSource(ints = {0, 1, 1_000})
  void pendingRowsSurviveACheckpointAndARestoreWithTheirDueTimes(int bufferedRows)
      throws Exception {
    OperatorSubtaskState checkpoint;
    try (var harness = harness(bufferedRows)) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(change("a", 1), 0);
      harness.processElement(change("b", 2), 0);
      // Written to the state at a first checkpoint, then changed again before the second.
      harness.prepareSnapshotPreBarrier(1);
      harness.snapshot(1, 0);
      harness.setProcessingTime(200);
      harness.processElement(change("a", 3), 0);
      harness.processElement(change("c", 4), 0);
      harness.prepareSnapshotPreBarrier(2);
      checkpoint = harness.snapshot(2, 200);
      // Changes after the checkpoint are replayed from Kafka after a restore, not restored.
      harness.processElement(change("a", 5), 0);
    }

    try (var restored = harness(bufferedRows)) {
      restored.initializeState(checkpoint);
      restored.open();
      restored.setProcessingTime(300);
      restored.processElement(change("a", 5), 0);
      restored.setProcessingTime(999);
      assertThat(restored.extractOutputValues()).isEmpty();
      restored.setProcessingTime(1_000);
      assertThat(checked(restored)).containsExactlyInAnyOrder("a@5", "b@2");
      restored.setProcessingTime(1_200);
      assertThat(checked(restored)).containsExactlyInAnyOrder("a@5", "b@2", "c@4");
      restored.setProcessingTime(10_000);
      assertThat(checked(restored)).hasSize(3);
      assertThat(pendingInState(restored)).isZero();
    }
  }

  @ParameterizedTest(name = "buffered rows {0}")
  @ValueSource(ints = {0, 3, 1_000})
  void pendingRowsAreCheckedOnceEachAfterARescaleFromOneTaskToTwo(int bufferedRows)
      throws Exception {
    List<String> rows = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    OperatorSubtaskState checkpoint;
    try (var single = harness(bufferedRows, 1, 0)) {
      single.open();
      single.setProcessingTime(0);
      for (int i = 0; i < rows.size(); i++) {
        single.processElement(change(rows.get(i), i), 0);
      }
      // As a task does: the pre-barrier step, then the snapshot.
      single.prepareSnapshotPreBarrier(1);
      checkpoint = single.snapshot(1, 0);
    }

    List<String> checked = new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      try (var half = harness(bufferedRows, 2, subtask)) {
        half.initializeState(
            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                checkpoint, MAX_PARALLELISM, 1, 2, subtask));
        half.open();
        half.setProcessingTime(999);
        assertThat(half.extractOutputValues()).isEmpty();
        half.setProcessingTime(1_000);
        checked.addAll(checked(half));
        assertThat(pendingInState(half)).isZero();
      }
    }
    assertThat(checked)
        .containsExactlyInAnyOrder("a@0", "b@1", "c@2", "d@3", "e@4", "f@5", "g@6", "h@7");
  }

  @ParameterizedTest(name = "buffered rows {0}")
  @ValueSource(ints = {0, 1_000})
  void aDueCheckWaitsUntilApplyHasCommittedPastItsChange(int bufferedRows) throws Exception {
    APPLY_COMMITTED.set(0);
    try (var harness = harness(bufferedRows)) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(change("a", 7), 0);
      harness.setProcessingTime(DELAY + 5 * DelayedCheck.RECHECK_MILLIS);
      assertThat(harness.extractOutputValues()).isEmpty();

      // A checkpoint while the check waits keeps it waiting after a restore too.
      harness.prepareSnapshotPreBarrier(1);
      OperatorSubtaskState checkpoint = harness.snapshot(1, 0);
      APPLY_COMMITTED.set(8);
      harness.setProcessingTime(DELAY + 6 * DelayedCheck.RECHECK_MILLIS);
      assertThat(checked(harness)).containsExactly("a@7");

      try (var restored = harness(bufferedRows)) {
        restored.initializeState(checkpoint);
        restored.open();
        restored.setProcessingTime(DELAY + 7 * DelayedCheck.RECHECK_MILLIS);
        assertThat(checked(restored)).containsExactly("a@7");
        assertThat(pendingInState(restored)).isZero();
      }
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ObservedChange, ObservedChange>
      harness(int bufferedRows) throws Exception {
    return harness(bufferedRows, 1, 0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ObservedChange, ObservedChange>
      harness(int bufferedRows, int parallelism, int subtask) throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new DelayedCheck(DELAY, bufferedRows, FakeApply::new),
            ObservedChange::routingKey,
            Types.STRING,
            MAX_PARALLELISM,
            parallelism,
            subtask);
    // Timers on the heap, as JobEnvironment configures RocksDB.
    EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend();
    rocksDb.setPriorityQueueStateType(EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
    harness.setStateBackend(rocksDb);
    return harness;
  }

  /** Rows in the RocksDB state (the harness counts entries of heap state only). */
  private static long pendingInState(
      KeyedOneInputStreamOperatorTestHarness<String, ObservedChange, ObservedChange> harness)
      throws Exception {
    KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
    try (Stream<String> keys = backend.getKeys("pending-row", VoidNamespace.INSTANCE)) {
      return keys.count();
    }
  }

  private static ObservedChange change(String row, long offset) {
    return new ObservedChange(
        "shop.orders",
        0,
        offset,
        ("{\"id\":\"" + row + "\"}").getBytes(StandardCharsets.UTF_8),
        ("change " + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** What was handed on to the target check, as row@offset. */
  private static List<String> checked(
      KeyedOneInputStreamOperatorTestHarness<String, ObservedChange, ObservedChange> harness) {
    return harness.extractOutputValues().stream()
        .map(c -> c.keyJson().replaceAll("[^a-z]|id", "") + "@" + c.offset)
        .toList();
  }

  private static final class FakeApply implements ApplyWatch {
    @Override
    public boolean isPast(String topic, int partition, long offset, long now) {
      return APPLY_COMMITTED.get() > offset;
    }

    @Override
    public void close() {}
  }
}
