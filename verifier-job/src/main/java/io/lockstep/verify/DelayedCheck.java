package io.lockstep.verify;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.kafka.ChangeTopics;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Holds the newest change of each row until it is due for a check (design decision 8): {@code
 * verify.delay} after the first change not yet checked, and then only once the apply job has
 * committed past the newest change (so the delay stretches while apply lags). A row changed
 * continuously is still checked once per delay, with the newest change seen. State is one change
 * per pending row and is cleared when the check is handed on.
 */
final class DelayedCheck extends KeyedProcessFunction<String, ObservedChange, ObservedChange> {

  /** How often a due check asks again whether apply is past it. */
  private static final long RECHECK_MILLIS = 1_000;

  private final PipelineConfig config;
  private final long delayMillis;
  private transient ValueState<PendingRow> pending;
  private transient ApplyProgress applyProgress;
  private transient Counter postponed;
  private transient AtomicLong pendingRows;

  DelayedCheck(PipelineConfig config) {
    this.config = config;
    this.delayMillis = config.get(PipelineOptions.VERIFY_DELAY).toMillis();
  }

  @Override
  public void open(OpenContext context) {
    pending =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("pending-row", TypeInformation.of(PendingRow.class)));
    applyProgress =
        new ApplyProgress(
            ChangeTopics.clientProperties(config),
            config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS),
            config.applyConsumerGroup());
    postponed = getRuntimeContext().getMetricGroup().counter("lockstepVerifyChecksPostponed");
    pendingRows = new AtomicLong();
    // Rows waiting in this task since it started. Rows restored from a checkpoint are not
    // counted (keyed state cannot be enumerated from here), so their checks would take the count
    // below zero after a restart (seen in the quickstart's chaos run): it stops at zero instead.
    getRuntimeContext()
        .getMetricGroup()
        .gauge("lockstepVerifyPendingRows", () -> Math.max(0, pendingRows.get()));
  }

  @Override
  public void processElement(ObservedChange change, Context context, Collector<ObservedChange> out)
      throws Exception {
    PendingRow row = pending.value();
    if (row == null) {
      long due = context.timerService().currentProcessingTime() + delayMillis;
      context.timerService().registerProcessingTimeTimer(due);
      pendingRows.incrementAndGet();
      pending.update(new PendingRow(change, due));
    } else {
      pending.update(new PendingRow(change, row.dueAt));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<ObservedChange> out)
      throws Exception {
    PendingRow row = pending.value();
    if (row == null || row.dueAt != timestamp) {
      return; // not this row's current timer
    }
    ObservedChange change = row.change(context.getCurrentKey());
    if (!applyProgress.isPast(change.topic, change.partition, change.offset, timestamp)) {
      postponed.inc();
      long due = timestamp + RECHECK_MILLIS;
      context.timerService().registerProcessingTimeTimer(due);
      row.dueAt = due;
      pending.update(row);
      return;
    }
    out.collect(change);
    pending.clear();
    pendingRows.decrementAndGet();
  }

  @Override
  public void close() throws Exception {
    if (applyProgress != null) {
      applyProgress.close();
    }
  }
}
