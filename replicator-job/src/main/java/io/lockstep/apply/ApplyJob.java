package io.lockstep.apply;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.contract.KafkaClientProperties;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.contract.SerializedChange;
import io.lockstep.runtime.ChangeTopicSink;
import io.lockstep.runtime.JobEnvironment;
import io.lockstep.runtime.SerializedChangeRecords;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Kafka to the target database: reads every change topic of the pipeline, routes each row's changes
 * to one writer, and upserts or deletes them in batches behind the position guard.
 */
public final class ApplyJob {

  private ApplyJob() {}

  public static void build(StreamExecutionEnvironment env, PipelineConfig config) {
    int parallelism = config.get(PipelineOptions.APPLY_PARALLELISM);
    KafkaSource<SerializedChange> source =
        KafkaSource.<SerializedChange>builder()
            .setBootstrapServers(config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
            .setTopicPattern(PipelineTopics.changeTopics(config.topicPrefix()))
            .setGroupId(config.applyConsumerGroup())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(SerializedChangeRecords.deserializer())
            .setProperties(KafkaClientProperties.of(config))
            // New tables' topics are picked up while the job runs.
            .setProperty("partition.discovery.interval.ms", "5000")
            .build();
    KafkaSink<SerializedChange> failedRows = ChangeTopicSink.sink(config);
    SingleOutputStreamOperator<SerializedChange> read =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "Change topics " + config.name())
            .uid("apply-kafka-source")
            .setParallelism(parallelism)
            .process(new OffsetGapCheck(config))
            .uid("apply-offset-gaps")
            .name("Offset gaps")
            .setParallelism(parallelism);
    read.getSideOutput(OffsetGapCheck.GAPS)
        .sinkTo(ChangeTopicSink.sink(config))
        .uid("apply-offset-gap-records")
        .name("Offset gaps to failed rows topic")
        .setParallelism(parallelism);
    read.keyBy(SerializedChange::routingKey)
        .transform(
            "Apply to target",
            TypeInformation.of(SerializedChange.class),
            new ApplyOperator(config))
        .uid("apply-target")
        .setParallelism(parallelism)
        .sinkTo(failedRows)
        .uid("apply-failed-rows")
        .name("Failed rows topic")
        .setParallelism(parallelism);
  }

  public static void main(String[] args) throws Exception {
    JobEnvironment.run(args, "apply", ApplyJob::build);
  }
}
