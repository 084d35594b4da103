package io.lockstep.runtime;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.contract.KafkaClientProperties;
import io.lockstep.contract.SerializedChange;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** The Kafka sink every job writes its topics with (changes, dead letters, discrepancies). */
public final class ChangeTopicSink {

  private ChangeTopicSink() {}

  /** At least once: apply is idempotent, so a record written twice after a retry is harmless. */
  public static KafkaSink<SerializedChange> sink(PipelineConfig config) {
    return KafkaSink.<SerializedChange>builder()
        .setBootstrapServers(config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
        .setRecordSerializer(SerializedChangeRecords.serializer())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setKafkaProducerConfig(KafkaClientProperties.producer(config))
        .build();
  }
}
