package io.lockstep.capture;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.spi.OffsetCommitPolicy;
import io.lockstep.capture.engines.CaptureEngines;
import io.lockstep.capture.spi.CaptureEngine;
import io.lockstep.capture.spi.RecordConverter;
import io.lockstep.capture.spi.StartingSource;
import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.CaptureEpochs;
import io.lockstep.contract.SerializedChange;
import io.lockstep.signal.SignalTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.synchronization.FutureCompletingBlockingQueue;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Debezium engine on its own thread and hands its records to Flink.
 *
 * <p>Threads: the engine thread calls {@link #handleBatch}, which puts whole batches into a bounded
 * hand-over queue (a full queue blocks the engine: back-pressure reaches the database as an unread
 * replication stream). The Flink task thread takes them in {@link #pollNext}.
 *
 * <p>Offsets: the split state is the offset of the last record emitted before a checkpoint barrier
 * (as {@link ResumeOffset} corrects it). When that checkpoint completes, the matching record is
 * handed to the engine thread, which marks it processed on its next batch; Debezium then flushes
 * that LSN to the slot. The slot therefore never moves past what a completed checkpoint holds, and
 * heartbeats (which come as records) keep it moving on an idle database. Binlog sources (MariaDB,
 * MySQL) checkpoint the connector's schema history with the offset ({@link
 * FlinkStateSchemaHistory}).
 */
final class DebeziumSourceReader implements SourceReader<SerializedChange, DebeziumSplit> {

  private static final Logger LOG = LoggerFactory.getLogger(DebeziumSourceReader.class);

  private static final int HANDOVER_BATCHES = 8;
  private static final java.time.Duration ANNOUNCE_EVERY = java.time.Duration.ofHours(1);

  private final PipelineConfig config;
  private final CaptureEngine captureEngine;
  private final RecordConverter converter;
  // Debezium's signals and watermarks: read to act on them, never replicated.
  private final SignalTable signalTable;
  private final FutureCompletingBlockingQueue<List<ChangeEvent<SourceRecord, SourceRecord>>>
      handover = new FutureCompletingBlockingQueue<>(HANDOVER_BATCHES);
  private final Counter eventsCaptured;
  private final NotCapturedRows notCaptured;
  private final RefusedTruncates truncates;

  private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
  private ExecutorService engineThread;
  // The FlinkStateSchemaHistory buffer of this run; null for sources without schema history.
  private String historyBufferId;
  private volatile Throwable engineFailure;
  private volatile boolean closing;

  // Task thread only.
  private DebeziumSplit split;
  private long epoch;
  private boolean epochPending;
  // Where the snapshot that opened this epoch started; -1 once the epoch has streamed a change, or
  // when it was not opened by a snapshot. A snapshot read from another start is a new attempt.
  private long epochSnapshotStart = -1;
  private long announcedEpoch = -1;
  private long lastAnnouncement;
  private Iterator<ChangeEvent<SourceRecord, SourceRecord>> batch;
  private ChangeEvent<SourceRecord, SourceRecord> lastEmitted;
  private final NavigableMap<Long, ChangeEvent<SourceRecord, SourceRecord>> awaitingCheckpoint =
      new TreeMap<>();
  private volatile long lastCommitTimeMillis = -1;
  // The Debezium offset of the last record, heartbeats included: where the capture has read to.
  private volatile Map<String, ?> lastSourceOffset;
  private final MetricGroup metricGroup;
  private final Map<String, Counter> capturedByTable = new HashMap<>();
  private final SourceLogProbe logProbe;

  // Written by the task thread, read by the engine thread.
  private volatile ChangeEvent<SourceRecord, SourceRecord> committable;
  // Engine thread only.
  private ChangeEvent<SourceRecord, SourceRecord> committed;

  DebeziumSourceReader(SourceReaderContext context, PipelineConfig config) {
    this.config = config;
    this.captureEngine = CaptureEngines.of(config.sourceEngine());
    this.converter = captureEngine.recordConverter();
    this.signalTable = SignalTable.of(config).orElse(null);
    this.metricGroup = context.metricGroup();
    this.eventsCaptured = metricGroup.counter("lockstepEventsCaptured");
    this.notCaptured = new NotCapturedRows(config, metricGroup);
    this.truncates = new RefusedTruncates(config, metricGroup);
    this.logProbe = new SourceLogProbe(config, captureEngine, metricGroup, () -> lastSourceOffset);
    context
        .metricGroup()
        .gauge(
            "lockstepCaptureLagMs",
            () ->
                lastCommitTimeMillis < 0 ? 0L : System.currentTimeMillis() - lastCommitTimeMillis);
  }

  @Override
  public void start() {}

  @Override
  public void addSplits(List<DebeziumSplit> splits) {
    if (splits.size() != 1 || split != null) {
      throw new IllegalStateException(
          "a capture reader takes exactly one split, got " + splits + " while holding " + split);
    }
    split = splits.get(0);
    OptionalLong restored = restoredEpoch(split);
    epoch = restored.orElse(0);
    epochPending = restored.isEmpty();
    startEngine(split);
  }

  /**
   * The epoch this run goes on in, or empty when it opens a new one: on a first start, and when the
   * restored offset is inside an unfinished snapshot, which Debezium starts again and then streams
   * from the new snapshot's point.
   */
  static OptionalLong restoredEpoch(DebeziumSplit split) {
    if (!split.hasOffset()) {
      return OptionalLong.empty();
    }
    return inInitialSnapshot(OffsetJson.read(split.offsetJson()))
        ? OptionalLong.empty()
        : OptionalLong.of(Math.max(1, split.epoch()));
  }

  /**
   * Whether an offset lies inside an unfinished initial snapshot. An incremental snapshot's reads
   * carry "snapshot": "INCREMENTAL" while streaming: they stay in their epoch, and Debezium resumes
   * such a snapshot from its offset.
   */
  static boolean inInitialSnapshot(Map<String, ?> offset) {
    Object snapshot = offset.get("snapshot");
    return snapshot != null
        && !"false".equals(String.valueOf(snapshot))
        && !"INCREMENTAL".equalsIgnoreCase(String.valueOf(snapshot))
        && !Boolean.TRUE.equals(offset.get("snapshot_completed"))
        && !Boolean.TRUE.equals(offset.get("last_snapshot_record"));
  }

  /**
   * Whether {@code offset} starts a snapshot attempt that the current epoch has not seen: Debezium
   * restarts its connector on its own after a lost connection (no Flink restore), and with no
   * committed offset yet it snapshots again from a new point. Those reads must open a new epoch, or
   * they (at the epoch's lowest position) could not overwrite rows streamed before, and rows
   * deleted between the attempts would stay on the target.
   */
  static boolean startsAnotherSnapshot(
      Map<String, ?> offset, long snapshotPosition, long epochSnapshotStart) {
    return inInitialSnapshot(offset) && snapshotPosition != epochSnapshotStart;
  }

  /**
   * A new epoch, fixed by the first record of the run, and always above the restored epoch. A
   * snapshot's records carry the log position where that snapshot attempt started, which grows from
   * one attempt to the next, even when two attempts restored the same checkpoint: the LSN on
   * PostgreSQL, the binlog coordinates on MariaDB/MySQL, as {@code (file number << 32) + position}
   * (a binlog file is at most 4 GiB).
   */
  static long newEpoch(CaptureEngine engine, long restored, SourceRecord first) {
    return Math.max(restored + 1, engine.logPosition(first.sourceOffset()));
  }

  private void startEngine(DebeziumSplit from) {
    Properties properties = DebeziumProperties.of(config, startingSource());
    if (DebeziumProperties.keepsSchemaHistory(config)) {
      // Without an offset the connector starts with a snapshot, which records the schema anew.
      historyBufferId =
          FlinkStateSchemaHistory.register(from.hasOffset() ? from.schemaHistory() : List.of());
      properties.setProperty(FlinkStateSchemaHistory.BUFFER_ID, historyBufferId);
    }
    if (from.hasOffset()) {
      properties.setProperty(FlinkStateOffsetStore.PRELOAD_PARTITION, from.partitionJson());
      properties.setProperty(FlinkStateOffsetStore.PRELOAD_OFFSET, from.offsetJson());
      LOG.info(
          "Starting capture of pipeline '{}' (epoch {}, 0 = a new one) from checkpointed offset {}",
          config.name(),
          epoch,
          from.offsetJson());
    } else {
      LOG.info(
          "Starting capture of pipeline '{}' with no offset: {} snapshot, then streaming",
          config.name(),
          properties.getProperty("snapshot.mode"));
    }
    engine =
        DebeziumEngine.create(Connect.class)
            .using(properties)
            .using(OffsetCommitPolicy.always())
            .using(this::engineStopped)
            .notifying(this::handleBatch)
            .build();
    engineThread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "lockstep-debezium-" + config.name());
              t.setDaemon(true);
              return t;
            });
    engineThread.execute(engine);
  }

  private StartingSource startingSource() {
    try {
      return CaptureEngines.of(config.sourceEngine()).startingSource(config);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Capture of pipeline '"
              + config.name()
              + "' cannot read the source's tables before starting (partitions to capture"
              + " through their root): "
              + e.getMessage()
              + ". Flink restarts it from the last checkpoint; check that the source is up and"
              + " reachable.",
          e);
    }
  }

  /** Engine thread. */
  private void handleBatch(
      List<ChangeEvent<SourceRecord, SourceRecord>> records,
      DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
      throws InterruptedException {
    ChangeEvent<SourceRecord, SourceRecord> toCommit = committable;
    if (toCommit != null && toCommit != committed) {
      committer.markProcessed(toCommit);
      committer.markBatchFinished();
      committed = toCommit;
    }
    if (!records.isEmpty()) {
      handover.put(0, new ArrayList<>(records));
    }
  }

  /** Engine thread, once, when the engine stops for whatever reason. */
  private void engineStopped(boolean success, String message, Throwable error) {
    if (!closing) {
      engineFailure =
          error != null
              ? error
              : new IllegalStateException("Debezium engine stopped unexpectedly: " + message);
      LOG.error("Capture of pipeline '{}' stopped: {}", config.name(), message, error);
    }
    handover.notifyAvailable();
  }

  @Override
  public InputStatus pollNext(ReaderOutput<SerializedChange> output) throws Exception {
    if (engineFailure != null) {
      throw new IllegalStateException(
          "Capture of pipeline '"
              + config.name()
              + "' failed; Flink restarts it from the last"
              + " checkpoint",
          engineFailure);
    }
    if (batch == null || !batch.hasNext()) {
      List<ChangeEvent<SourceRecord, SourceRecord>> next = handover.poll();
      if (next == null) {
        return InputStatus.NOTHING_AVAILABLE;
      }
      batch = next.iterator();
    }
    announceEpochIfDue(output);
    ChangeEvent<SourceRecord, SourceRecord> record = batch.next();
    lastEmitted = record;
    lastSourceOffset = record.value().sourceOffset();
    trackEpoch(record.value(), output);
    io.lockstep.event.ChangeEvent change;
    try {
      change = converter.convert(record.value(), epoch);
    } catch (RuntimeException e) {
      output.collect(notCaptured.unconvertible(record.value(), e));
      change = null;
    }
    if (change != null && truncates.refuses(change)) {
      output.collect(truncates.deadLetter(change));
    } else if (change != null && (signalTable == null || !signalTable.holds(change.table()))) {
      if (change.isTruncate()) {
        LOG.info("Replicating TRUNCATE of {} at {}", change.table(), change.position());
      }
      output.collect(notCaptured.recordOf(change));
      eventsCaptured.inc();
      capturedByTable
          .computeIfAbsent(
              change.table().qualifiedName(),
              t -> metricGroup.addGroup("table", t).counter("lockstepEventsCaptured"))
          .inc();
      lastCommitTimeMillis = change.commitTime().toEpochMilli();
    }
    return batch.hasNext() || !handover.isEmpty()
        ? InputStatus.MORE_AVAILABLE
        : InputStatus.NOTHING_AVAILABLE;
  }

  /** Opens a new epoch on a run's first record and on every further snapshot attempt. */
  private void trackEpoch(SourceRecord record, ReaderOutput<SerializedChange> output) {
    Map<String, ?> offset = record.sourceOffset();
    boolean snapshotRead = inInitialSnapshot(offset);
    long position = snapshotRead ? captureEngine.logPosition(offset) : -1;
    if (!epochPending && startsAnotherSnapshot(offset, position, epochSnapshotStart)) {
      LOG.warn(
          "Capture of pipeline '{}' snapshots again in epoch {} (Debezium restarted its connector"
              + " before a checkpoint held an offset); the new snapshot opens a new epoch",
          config.name(),
          epoch);
      epochPending = true;
    }
    if (epochPending) {
      epoch = newEpoch(captureEngine, Math.max(epoch, split.epoch()), record);
      epochPending = false;
      LOG.info("Capture of pipeline '{}' reads in a new epoch, {}", config.name(), epoch);
      // Before the epoch's first change: the apply job lets a change raise the target's epoch
      // only when this announcement exists (CaptureEpochs).
      announceEpochIfDue(output);
    }
    epochSnapshotStart = position;
  }

  /**
   * Announces the epoch the capture reads in: when it opens one, on every start (an apply job whose
   * target is behind, say after an upgrade from a build without announcements, still finds the
   * epoch), and once an hour, so that the topic's retention never leaves it without one.
   */
  private void announceEpochIfDue(ReaderOutput<SerializedChange> output) {
    if (epochPending) {
      return;
    }
    long now = System.nanoTime();
    if (announcedEpoch != epoch || now - lastAnnouncement > ANNOUNCE_EVERY.toNanos()) {
      output.collect(CaptureEpochs.announcement(config.topicPrefix(), config.name(), epoch));
      announcedEpoch = epoch;
      lastAnnouncement = now;
    }
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return engineFailure != null
        ? FutureCompletingBlockingQueue.AVAILABLE
        : handover.getAvailabilityFuture();
  }

  @Override
  public List<DebeziumSplit> snapshotState(long checkpointId) {
    if (split == null) {
      return List.of();
    }
    if (lastEmitted != null) {
      SourceRecord record = lastEmitted.value();
      // The history may run ahead of the record (DDL read after it); recovery drops what is
      // newer than the offset (FlinkStateSchemaHistory).
      split =
          new DebeziumSplit(
              OffsetJson.write(record.sourcePartition()),
              OffsetJson.write(ResumeOffset.of(record.sourceOffset())),
              epoch,
              historyBufferId == null
                  ? List.of()
                  : FlinkStateSchemaHistory.buffer(historyBufferId).records());
      awaitingCheckpoint.put(checkpointId, lastEmitted);
    }
    return List.of(split);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    Map.Entry<Long, ChangeEvent<SourceRecord, SourceRecord>> done =
        awaitingCheckpoint.floorEntry(checkpointId);
    if (done != null) {
      committable = done.getValue();
      awaitingCheckpoint.headMap(checkpointId, true).clear();
    }
  }

  @Override
  public void notifyNoMoreSplits() {}

  @Override
  public void close() throws Exception {
    closing = true;
    logProbe.close();
    if (engine != null) {
      handover.wakeUpPuttingThread(0);
      engine.close();
    }
    if (engineThread != null) {
      engineThread.shutdownNow();
      if (!engineThread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("Debezium engine thread of pipeline '{}' did not stop within 30s", config.name());
      }
    }
    if (historyBufferId != null) {
      FlinkStateSchemaHistory.unregister(historyBufferId);
    }
  }
}
