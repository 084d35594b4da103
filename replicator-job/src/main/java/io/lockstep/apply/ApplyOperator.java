package io.lockstep.apply;

import io.lockstep.apply.ChangeBuffer.PendingRow;
import io.lockstep.apply.TargetWriter.Outcome;
import io.lockstep.apply.TargetWriter.Rejection;
import io.lockstep.config.MissingTables;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableNaming;
import io.lockstep.contract.ChangeRecordCheck;
import io.lockstep.contract.RefusedRecordException;
import io.lockstep.contract.SerializedChange;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engines.Engines;
import io.lockstep.event.ChangeEvent;
import io.lockstep.failure.FailedRow;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies changes to the target; emits failed-rows records. Runs on a stream keyed by row, so the
 * state of a row (whether it is parked) travels with its key when the job is rescaled.
 *
 * <p>Changes are buffered (one per row) and written when the buffer is full, when the flush
 * interval has passed, and before every checkpoint barrier, so a completed checkpoint never covers
 * a change that is neither in the target nor in the failed-rows topic.
 *
 * <p>A row the target refuses is dead-lettered and its key is <em>parked</em>: later changes of
 * that key must not silently overtake it. A later change that carries the whole row (a full image
 * or a delete) is still tried, because it replaces everything the refused one carried; if it is
 * written, the key is released and a {@code RESOLVED} record says so. A later change that carries
 * only part of the row (an unchanged TOAST column left out) cannot make the row right on its own
 * and is dead-lettered as {@code PARKED}, in order, until the key is released.
 */
public final class ApplyOperator extends AbstractStreamOperator<SerializedChange>
    implements OneInputStreamOperator<SerializedChange, SerializedChange> {

  private static final Logger LOG = LoggerFactory.getLogger(ApplyOperator.class);

  private final PipelineConfig config;

  private transient ChangeBuffer buffer;
  private transient TargetWriter writer;
  private transient ValueState<String> parkedBehind;
  private transient ScheduledFuture<?> flushTimer;
  private transient String failedRowsTopic;
  private transient long batchSize;
  private transient long flushIntervalMillis;
  private transient Instant newestInBuffer;
  private transient volatile long lastFlushLagMillis;
  private transient ChangeRecordCheck check;
  private transient EpochGate epochGate;
  private transient Counter recordsRefused;
  private transient Counter eventsApplied;
  private transient Counter rowsWritten;
  private transient Counter rowsRejected;
  private transient Counter rowsParked;
  private transient ApplyTableMetrics tableMetrics;
  private transient Histogram batchSizes;
  private transient Histogram flushTimes;

  public ApplyOperator(PipelineConfig config) {
    this.config = config;
  }

  @Override
  public void open() throws Exception {
    super.open();
    TargetDialect dialect = Engines.dialect(config.targetEngine());
    MetadataColumns metadata = MetadataColumns.from(config);
    TargetTableCache tables =
        new TargetTableCache(
            dialect,
            metadata,
            config.get(PipelineOptions.METADATA_ADD_MISSING),
            TableNaming.of(config),
            config.get(PipelineOptions.APPLY_MISSING_TABLES) == MissingTables.CREATE);
    EpochFence fence =
        new EpochFence(
            dialect, metadata, config.name(), config.get(PipelineOptions.APPLY_STATE_SCHEMA));
    writer =
        new TargetWriter(
            config,
            dialect,
            new BatchApplier(
                dialect,
                metadata,
                tables,
                fence,
                new TruncateBarrier(
                    dialect,
                    metadata,
                    TableNaming.of(config),
                    config.name(),
                    config.get(PipelineOptions.APPLY_STATE_SCHEMA)),
                new PendingBackfill(
                    dialect, config.name(), config.get(PipelineOptions.APPLY_STATE_SCHEMA))),
            tables,
            fence,
            getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
    // Without metadata columns there is no epoch on the target to raise, nor rows to sweep.
    epochGate = metadata.enabled() ? EpochGate.of(config, writer) : null;
    buffer = new ChangeBuffer();
    parkedBehind =
        getRuntimeContext().getState(new ValueStateDescriptor<>("parked-behind", String.class));
    failedRowsTopic = FailedRows.topic(config);
    batchSize = config.get(PipelineOptions.APPLY_BATCH_SIZE);
    flushIntervalMillis = config.get(PipelineOptions.APPLY_FLUSH_INTERVAL).toMillis();
    newestInBuffer = Instant.EPOCH;
    check = ChangeRecordCheck.of(config);
    recordsRefused = getMetricGroup().counter("lockstepRecordsRefused");
    eventsApplied = getMetricGroup().counter("lockstepEventsApplied");
    rowsWritten = getMetricGroup().counter("lockstepRowsWritten");
    rowsRejected = getMetricGroup().counter("lockstepRowsDeadLettered");
    rowsParked = getMetricGroup().counter("lockstepRowsParked");
    getMetricGroup().gauge("lockstepApplyLagMs", () -> lastFlushLagMillis);
    tableMetrics = new ApplyTableMetrics(getMetricGroup());
    batchSizes = getMetricGroup().histogram("lockstepBatchSize", ApplyTableMetrics.histogram());
    flushTimes = getMetricGroup().histogram("lockstepFlushTimeMs", ApplyTableMetrics.histogram());
    // Attempts of the transient-failure episode under way (0: none): non-zero while the target
    // is unreachable or failing over, when apply holds its batch and waits.
    getMetricGroup().gauge("lockstepRetriesInProgress", () -> writer.transientAttempts());
    // Non-zero while apply waits for a table missing on the target (the log names it).
    getMetricGroup().gauge("lockstepMissingTargetTables", () -> writer.missingTables());
  }

  @Override
  public void processElement(StreamRecord<SerializedChange> record) throws Exception {
    SerializedChange change = record.getValue();
    ChangeEvent event;
    try {
      event = check.read(change.topic, change.key, change.value);
      String epochProblem = epochGate == null ? null : epochGate.problem(event);
      if (epochProblem != null) {
        throw new RefusedRecordException(epochProblem);
      }
    } catch (RefusedRecordException e) {
      refuse(change, e);
      return;
    }
    tableMetrics.received(change.topic, event);
    String routingKey = change.routingKey();
    String parked = parkedBehind.value();
    if (parked != null && !buffer.contains(routingKey) && !carriesWholeRow(event)) {
      rowsParked.inc();
      emit(FailedRows.parked(config, event, parked));
      return;
    }
    if (event.isTruncate()) {
      // Its own transaction, after everything this task read before it: in order with the changes
      // of this task; TruncateBarrier orders it with those of the other tasks.
      flush();
    }
    buffer.add(routingKey, event);
    if (event.commitTime().isAfter(newestInBuffer)) {
      newestInBuffer = event.commitTime();
    }
    if (buffer.pending() >= batchSize || event.isTruncate()) {
      flush();
    } else if (flushTimer == null) {
      long due = getProcessingTimeService().getCurrentProcessingTime() + flushIntervalMillis;
      flushTimer =
          getProcessingTimeService()
              .registerTimer(
                  due,
                  timestamp -> {
                    flushTimer = null;
                    flush();
                  });
    }
  }

  private void refuse(SerializedChange change, RefusedRecordException reason) {
    recordsRefused.inc();
    // Bounded: a topic flooded with foreign records must not flood the log as well.
    if (recordsRefused.getCount() <= 10 || recordsRefused.getCount() % 10_000 == 0) {
      LOG.warn(
          "Refused record {} ({} refused so far), dead-lettered to {}: {}",
          change.where(),
          recordsRefused.getCount(),
          failedRowsTopic,
          reason.getMessage());
    }
    emit(FailedRows.refused(config, change, reason));
  }

  /** A delete, a truncate (of every row), or an image with every column of the source table. */
  private static boolean carriesWholeRow(ChangeEvent event) {
    return event.isDelete()
        || event.isTruncate()
        || event.after().size() == event.schema().columns().size();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  private void flush() throws Exception {
    if (buffer.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    batchSizes.update(buffer.pending());
    Outcome outcome = writer.write(buffer.rows());
    flushTimes.update((System.nanoTime() - started) / 1_000_000);
    for (PendingRow row : outcome.written()) {
      setCurrentKey(row.routingKey());
      String parked = parkedBehind.value();
      if (parked != null) {
        parkedBehind.clear();
        LOG.info(
            "{} key {} is consistent again at {}",
            row.event().table(),
            row.event().key(),
            row.event().position());
        emit(FailedRows.resolved(config, row.event(), parked));
      }
    }
    for (Rejection rejection : outcome.rejected()) {
      ChangeEvent event = rejection.row().event();
      setCurrentKey(rejection.row().routingKey());
      parkedBehind.update(event.position());
      rowsRejected.inc();
      tableMetrics.deadLettered(event);
      LOG.warn(
          "Target refused the {} of {} key {} (SQLSTATE {}); dead-lettered to {}, key parked",
          event.operation(),
          event.table(),
          event.key(),
          rejection.error().sqlState(),
          failedRowsTopic);
      emit(FailedRows.rejected(config, event, rejection.error(), rejection.attempts()));
    }
    eventsApplied.inc(buffer.received());
    rowsWritten.inc(outcome.written().size());
    lastFlushLagMillis = Math.max(0, System.currentTimeMillis() - newestInBuffer.toEpochMilli());
    buffer.clear();
    newestInBuffer = Instant.EPOCH;
  }

  private void emit(FailedRow row) {
    output.collect(new StreamRecord<>(FailedRows.record(failedRowsTopic, row)));
  }

  @Override
  public void close() throws Exception {
    try {
      if (flushTimer != null) {
        flushTimer.cancel(false);
      }
      if (writer != null) {
        writer.close();
      }
    } finally {
      super.close();
    }
  }
}
