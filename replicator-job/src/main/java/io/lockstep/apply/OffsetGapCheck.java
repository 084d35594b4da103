package io.lockstep.apply;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.KafkaClientProperties;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.contract.SerializedChange;
import io.lockstep.failure.FailedRow;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after the apply job's Kafka source: notices when a partition's offsets jump, which means
 * changes were deleted by the topic's retention before apply read them (a stall longer than the
 * retention). The changes are gone from Kafka, so the target now lacks them: each gap is reported
 * as an ERROR, counted in {@code lockstepOffsetGaps} and written to the dead-letter topic with the
 * table to re-snapshot, and the stream goes on. Stopping would not bring the changes back and would
 * stall every other table too.
 *
 * <p>The positions are operator union state: after a rescale every task knows every partition, so
 * whichever task reads a partition next compares with where it stopped. A job started without state
 * starts from the apply group's committed offsets, which is where its reading starts too.
 */
final class OffsetGapCheck extends ProcessFunction<SerializedChange, SerializedChange>
    implements CheckpointedFunction {

  static final OutputTag<SerializedChange> GAPS =
      new OutputTag<>("offset-gaps", TypeInformation.of(SerializedChange.class));

  private static final Logger LOG = LoggerFactory.getLogger(OffsetGapCheck.class);

  private final PipelineConfig config;
  private transient OffsetGaps gaps;
  private transient ListState<Tuple2<String, Long>> state;
  private transient Counter gapCount;

  OffsetGapCheck(PipelineConfig config) {
    this.config = config;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    gaps = new OffsetGaps();
    state =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    "next-offsets",
                    TypeInformation.of(
                        new org.apache.flink.api.common.typeinfo.TypeHint<
                            Tuple2<String, Long>>() {})));
    for (Tuple2<String, Long> position : state.get()) {
      gaps.restore(position.f0, position.f1);
    }
    if (!context.isRestored()) {
      // A job started afresh reads from the group's committed offsets (bin/lockstep run without
      // a checkpoint directory, or a resubmitted job): they are where the last run stopped.
      committedOffsets().forEach(gaps::restore);
    }
  }

  /**
   * The apply group's committed offsets of the change topics, as {@code topic/partition}; empty
   * when Kafka cannot say (the check then starts with the first record read).
   */
  private Map<String, Long> committedOffsets() {
    java.util.Properties properties = KafkaClientProperties.of(config);
    properties.setProperty("request.timeout.ms", "10000");
    properties.setProperty("default.api.timeout.ms", "15000");
    try (Admin admin = Admin.create(properties)) {
      Map<String, Long> committed = new java.util.HashMap<>();
      java.util.regex.Pattern changeTopics = PipelineTopics.changeTopics(config.topicPrefix());
      admin
          .listConsumerGroupOffsets(config.applyConsumerGroup())
          .partitionsToOffsetAndMetadata()
          .get(30, java.util.concurrent.TimeUnit.SECONDS)
          .forEach(
              (partition, offset) -> {
                if (offset != null && changeTopics.matcher(partition.topic()).matches()) {
                  committed.put(partition.topic() + "/" + partition.partition(), offset.offset());
                }
              });
      return committed;
    } catch (Exception e) {
      LOG.warn(
          "Pipeline '{}': could not read the apply group's committed offsets ({}); offset gaps"
              + " are found from the first record each task reads",
          config.name(),
          e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return Map.of();
    }
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    gapCount = getRuntimeContext().getMetricGroup().counter("lockstepOffsetGaps");
  }

  @Override
  public void processElement(
      SerializedChange change, Context context, Collector<SerializedChange> out) {
    if (change.offset >= 0) {
      OffsetGaps.Gap gap = gaps.read(change.topic + "/" + change.partition, change.offset);
      if (gap != null) {
        report(change.topic, gap, context);
      }
    }
    out.collect(change);
  }

  private void report(String topic, OffsetGaps.Gap gap, Context context) {
    gapCount.inc();
    String message =
        "offsets "
            + gap.from()
            + " to "
            + gap.to()
            + " of "
            + gap.partition()
            + " ("
            + gap.missing()
            + " records) were deleted before the apply job read them, most likely by the"
            + " topic's retention during a stall: the target lacks those changes. Re-snapshot"
            + " the table of topic "
            + topic
            + " (bin/lockstep reconcile --repair, or the signal table), and raise the change"
            + " topics' retention above the longest stall you expect";
    LOG.error("Pipeline '{}': {}", config.name(), message);
    FailedRow row =
        new FailedRow(
            FailedRow.Kind.UNDECODABLE,
            config.name(),
            topic,
            null,
            null,
            new FailedRow.Error("OffsetGap", null, 0, message),
            0,
            Instant.now(),
            null,
            null,
            null);
    context.output(GAPS, FailedRows.record(FailedRows.topic(config), row));
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    state.clear();
    for (Map.Entry<String, Long> position : gaps.positions().entrySet()) {
      state.add(Tuple2.of(position.getKey(), position.getValue()));
    }
  }
}
