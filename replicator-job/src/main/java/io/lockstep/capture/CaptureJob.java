package io.lockstep.capture;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.config.PipelineOptions;
import io.lockstep.kafka.ChangeTopics;
import io.lockstep.kafka.SerializedChange;
import io.lockstep.kafka.SerializedChangeRecords;
import io.lockstep.preflight.Preflight;
import io.lockstep.runtime.JobEnvironment;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
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
    Properties producer = ChangeTopics.producerProperties(config);
    KafkaSink<SerializedChange> sink =
        KafkaSink.<SerializedChange>builder()
            .setBootstrapServers(config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
            .setRecordSerializer(SerializedChangeRecords.serializer())
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .setKafkaProducerConfig(producer)
            .build();
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
    PipelineConfig config =
        PipelineConfigLoader.fromSystemEnvironment().load(JobEnvironment.configPath(args));
    Preflight.check(config);
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    build(env, config);
    env.execute("lockstep-capture-" + config.name());
  }
}
