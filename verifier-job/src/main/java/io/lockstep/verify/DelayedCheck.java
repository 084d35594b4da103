package io.lockstep.verify;

import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Holds the newest change of each row until it is due for a check (design decision 8): {@code
 * verify.delay} after the first change not yet checked, and then only once the apply job has
 * committed past the newest change (so the delay stretches while apply lags). A row changed
 * continuously is still checked once per delay, with the newest change seen. State is one change
 * per pending row and is cleared when the check is handed on.
 *
 * <p>An operator rather than a process function because of {@link RowBuffer}: the first {@code
 * bufferedRows} pending rows wait on the heap, and are written to the keyed state (RocksDB) only
 * before a checkpoint barrier, which needs the key context of rows other than the current element's
 * (as Flink's own mini-batch operators do). With RocksDB, a state read and write per change cost
 * the verifier 40% of its throughput (docs/benchmarks.md); with the buffer, a row checked before
 * the next checkpoint never touches RocksDB.
 */
final class DelayedCheck extends AbstractStreamOperator<ObservedChange>
    implements OneInputStreamOperator<ObservedChange, ObservedChange>,
        Triggerable<String, VoidNamespace> {

  /** How often a due check asks again whether apply is past it. */
  static final long RECHECK_MILLIS = 1_000;

  /** The names a keyed process function gave its state and timers: earlier savepoints restore. */
  private static final String STATE_NAME = "pending-row";

  private static final String TIMERS_NAME = "user-timers";

  private final long delayMillis;
  private final int bufferedRows;
  private final SerializableSupplier<ApplyWatch> applyWatch;

  private transient ValueState<PendingRow> stored;
  private transient InternalTimerService<VoidNamespace> timers;
  private transient RowBuffer buffer;
  private transient ApplyWatch apply;
  private transient Counter postponed;

  /** Rows waiting in this task since it started (restored rows are not counted: see open). */
  private transient long pendingRows;

  /**
   * Rows this task wrote to the keyed state and has not cleared. While it is known to be zero, a
   * new row needs no state read to know it is not pending there. Unknown after a restore.
   */
  private transient long storedRows;

  private transient boolean storedRowsKnown;

  DelayedCheck(long delayMillis, int bufferedRows, SerializableSupplier<ApplyWatch> applyWatch) {
    this.delayMillis = delayMillis;
    this.bufferedRows = bufferedRows;
    this.applyWatch = applyWatch;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    storedRowsKnown = !context.isRestored();
  }

  @Override
  public void open() throws Exception {
    super.open();
    stored =
        getKeyedStateStore()
            .getState(new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(PendingRow.class)));
    timers = getInternalTimerService(TIMERS_NAME, VoidNamespaceSerializer.INSTANCE, this);
    buffer = new RowBuffer(bufferedRows);
    apply = applyWatch.get();
    postponed = getMetricGroup().counter("lockstepVerifyChecksPostponed");
    // Rows restored from a checkpoint are not counted (keyed state cannot be enumerated cheaply),
    // so their checks would take the count below zero after a restart (seen in the quickstart's
    // chaos run): it stops at zero instead.
    getMetricGroup().gauge("lockstepVerifyPendingRows", () -> Math.max(0, pendingRows));
    getMetricGroup().gauge("lockstepVerifyBufferedRows", () -> buffer.size());
  }

  @Override
  public void processElement(StreamRecord<ObservedChange> element) throws Exception {
    ObservedChange change = element.getValue();
    String key = (String) getCurrentKey();
    RowBuffer.Entry buffered = buffer.get(key);
    if (buffered != null) {
      buffered.row = new PendingRow(change, buffered.row.dueAt);
      buffered.dirty = true;
      return;
    }
    PendingRow waiting = mayBeStored() ? stored.value() : null;
    if (waiting != null) {
      PendingRow newer = new PendingRow(change, waiting.dueAt);
      if (!buffer.offer(key, newer, true)) {
        stored.update(newer);
      }
      return;
    }
    long due = timers.currentProcessingTime() + delayMillis;
    timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, due);
    pendingRows++;
    PendingRow fresh = new PendingRow(change, due);
    if (!buffer.offer(key, fresh, false)) {
      store(fresh);
    }
  }

  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    String key = timer.getKey();
    long timestamp = timer.getTimestamp();
    RowBuffer.Entry buffered = buffer.get(key);
    PendingRow row = buffered != null ? buffered.row : mayBeStored() ? stored.value() : null;
    if (row == null || row.dueAt != timestamp) {
      return; // not this row's current timer
    }
    ObservedChange change = row.change(key);
    if (!apply.isPast(change.topic, change.partition, change.offset, timestamp)) {
      postponed.inc();
      long due = timestamp + RECHECK_MILLIS;
      timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, due);
      row.dueAt = due;
      if (buffered != null) {
        buffered.dirty = true;
      } else {
        stored.update(row);
      }
      return;
    }
    output.collect(new StreamRecord<>(change));
    pendingRows--;
    if (buffered != null) {
      buffer.remove(key);
    }
    if (buffered == null || buffered.stored) {
      stored.clear();
      storedRows--;
    }
  }

  /**
   * Writes every buffered row that changed to the keyed state before the barrier, so that the
   * checkpoint holds every pending row. The rows stay buffered, now clean.
   */
  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    for (Map.Entry<String, RowBuffer.Entry> entry : buffer.entries()) {
      RowBuffer.Entry buffered = entry.getValue();
      if (buffered.dirty) {
        setCurrentKey(entry.getKey());
        if (buffered.stored) {
          stored.update(buffered.row);
        } else {
          store(buffered.row);
          buffered.stored = true;
        }
        buffered.dirty = false;
      }
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
    // The verifier sets processing-time timers only.
  }

  private void store(PendingRow row) throws Exception {
    stored.update(row);
    storedRows++;
  }

  private boolean mayBeStored() {
    return !storedRowsKnown || storedRows > 0;
  }

  @Override
  public void close() throws Exception {
    try {
      if (apply != null) {
        apply.close();
      }
    } finally {
      super.close();
    }
  }
}
