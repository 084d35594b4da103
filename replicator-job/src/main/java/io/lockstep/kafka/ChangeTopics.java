package io.lockstep.kafka;

import io.lockstep.config.KafkaClientProperties;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** Topic names and client settings shared by the jobs that write and read change topics. */
public final class ChangeTopics {

  /** Topics under the prefix that carry something other than changes. */
  public static final String FAILED_ROWS = "failed-rows";

  public static final String DISCREPANCIES = "discrepancies";

  private ChangeTopics() {}

  /** The dead-letter topic of a pipeline: {@code <prefix>.failed-rows}. */
  public static String failedRows(String prefix) {
    return prefix + "." + FAILED_ROWS;
  }

  /** Every change topic of a pipeline: {@code <prefix>.<db>.<schema>.<table>}. */
  public static Pattern changeTopics(String prefix) {
    return Pattern.compile(
        Pattern.quote(prefix) + "\\.(?!" + FAILED_ROWS + "$|" + DISCREPANCIES + "$)[^.]+\\..+");
  }

  /** Producer settings of every Lockstep topic writer. */
  public static Properties producerProperties(PipelineConfig config) {
    Properties producer = clientProperties(config);
    // Per-partition order across retries comes from one request in flight per connection, not
    // from idempotence: with idempotence, a partition whose leader was still being elected when
    // the topic was auto-created could leave the producer retrying OUT_OF_ORDER_SEQUENCE_NUMBER
    // until its delivery timeout (seen in DatabaseRestartIT). Duplicates after a retry are
    // harmless: apply is idempotent.
    producer.setProperty("enable.idempotence", "false");
    producer.setProperty("max.in.flight.requests.per.connection", "1");
    producer.setProperty("retries", Integer.toString(Integer.MAX_VALUE));
    producer.setProperty("acks", "all");
    producer.setProperty("linger.ms", "5");
    producer.setProperty("compression.type", "lz4");
    int limit = KafkaClientProperties.maxRequestBytes(config);
    producer.putIfAbsent("max.request.size", Integer.toString(limit));
    // A record must also fit the producer's buffer (32 MiB by default); allocated on demand.
    producer.putIfAbsent("buffer.memory", Long.toString(Math.max(32L << 20, 2L * limit)));
    return producer;
  }

  /** A sink writing records to the topics they name, at least once (flushed at checkpoints). */
  public static KafkaSink<SerializedChange> sink(PipelineConfig config) {
    return KafkaSink.<SerializedChange>builder()
        .setBootstrapServers(config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
        .setRecordSerializer(SerializedChangeRecords.serializer())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setKafkaProducerConfig(producerProperties(config))
        .build();
  }

  /**
   * The bootstrap servers, and security and other client settings given under {@code
   * kafka.properties.*}: {@link KafkaClientProperties}, the one base of every Kafka client.
   */
  public static Properties clientProperties(PipelineConfig config) {
    return KafkaClientProperties.of(config);
  }
}
