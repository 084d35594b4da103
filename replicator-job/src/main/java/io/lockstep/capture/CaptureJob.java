package io.lockstep.capture;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.SerializedChange;
import io.lockstep.runtime.ChangeTopicSink;
import io.lockstep.runtime.JobEnvironment;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Source database to Kafka: Debezium in a Flink source, one topic per table, keyed by primary key.
 * Delivery to Kafka is at-least-once (flushed at every checkpoint); duplicates are harmless because
 * apply is idempotent.
 */
public final class CaptureJob {

  private CaptureJob() {}

  /** Adds the capture of {@code config} to {@code env}. */
  public static void build(StreamExecutionEnvironment env, PipelineConfig config) {
    KafkaSink<SerializedChange> sink = ChangeTopicSink.sink(config);
    env.fromSource(
            new DebeziumSource(config),
            WatermarkStrategy.noWatermarks(),
            "Capture " + config.name())
        .uid("capture-source")
        .setParallelism(1)
        .sinkTo(sink)
        .uid("capture-kafka-sink")
        .name("Kafka change topics")
        .setParallelism(1);
  }

  public static void main(String[] args) throws Exception {
    JobEnvironment.run(args, "capture", CaptureJob::build);
  }
}
