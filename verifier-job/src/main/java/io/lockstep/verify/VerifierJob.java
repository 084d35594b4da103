package io.lockstep.verify;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.StateBackendType;
import io.lockstep.contract.KafkaClientProperties;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.runtime.ChangeTopicSink;
import io.lockstep.runtime.JobEnvironment;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Delayed verification (design decision 8): reads the change topics in its own consumer group,
 * holds each row's newest change until it is due ({@link DelayedCheck}), compares the target row
 * with it ({@link TargetCheck}), confirms a difference against the source ({@link SourceRecheck})
 * and reports it to {@code <prefix>.discrepancies}.
 */
public final class VerifierJob {

  /**
   * Lookups in flight per task. Their wait is the batching: a batch is what arrives while the
   * previous query runs.
   */
  private static final int IN_FLIGHT = 2_000;

  /**
   * Lookups have no timeout: one waits for its database like the apply job waits for the target,
   * retrying with back-off and holding the stream (a timeout would only restart the job into the
   * same wait). Without one, Flink also spares a timer per lookup.
   */
  private static final long NO_TIMEOUT = 0;

  private VerifierJob() {}

  public static void build(StreamExecutionEnvironment env, PipelineConfig config) {
    int parallelism = config.get(PipelineOptions.VERIFY_PARALLELISM);
    KafkaSource<ObservedChange> source =
        KafkaSource.<ObservedChange>builder()
            .setBootstrapServers(config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
            .setTopicPattern(PipelineTopics.changeTopics(config.topicPrefix()))
            .setGroupId(config.verifyConsumerGroup())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new ObservedChangeRecords())
            .setProperties(KafkaClientProperties.of(config))
            .setProperty("partition.discovery.interval.ms", "5000")
            .build();
    DataStream<ObservedChange> due =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "Change topics " + config.name())
            .uid("verify-kafka-source")
            .setParallelism(parallelism)
            .keyBy(ObservedChange::routingKey)
            .transform(
                "Wait until due", TypeInformation.of(ObservedChange.class), delayedCheck(config))
            .uid("verify-delay")
            .setParallelism(parallelism);
    DataStream<Suspect> suspects =
        AsyncDataStream.unorderedWait(
                due, new TargetCheck(config), NO_TIMEOUT, TimeUnit.MILLISECONDS, IN_FLIGHT)
            .uid("verify-target")
            .name("Check target")
            .setParallelism(parallelism);
    AsyncDataStream.unorderedWait(
            suspects, new SourceRecheck(config), NO_TIMEOUT, TimeUnit.MILLISECONDS, IN_FLIGHT)
        .uid("verify-source")
        .name("Re-check source")
        .setParallelism(parallelism)
        .sinkTo(ChangeTopicSink.sink(config))
        .uid("verify-discrepancies")
        .name("Discrepancies topic")
        .setParallelism(parallelism);
  }

  static DelayedCheck delayedCheck(PipelineConfig config) {
    // The heap's state needs no buffer in front of it.
    int bufferedRows =
        config.get(PipelineOptions.STATE_BACKEND) == StateBackendType.ROCKSDB
            ? config.get(PipelineOptions.VERIFY_BUFFERED_ROWS)
            : 0;
    Properties clientProperties = KafkaClientProperties.of(config);
    String bootstrapServers = config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS);
    String applyGroup = config.applyConsumerGroup();
    return new DelayedCheck(
        config.get(PipelineOptions.VERIFY_DELAY).toMillis(),
        bufferedRows,
        () -> new ApplyProgress(clientProperties, bootstrapServers, applyGroup));
  }

  public static void main(String[] args) throws Exception {
    JobEnvironment.run(args, "verify", VerifierJob::build);
  }
}
