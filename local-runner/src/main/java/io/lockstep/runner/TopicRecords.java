package io.lockstep.runner;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.KafkaClientProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the beginning, for the quickstart and tests. */
public final class TopicRecords {

  private TopicRecords() {}

  /**
   * Every record value of {@code topic} written so far, decoded; empty when there is no topic. The
   * consumer starts from the pipeline's Kafka client settings ({@link KafkaClientProperties}).
   */
  public static <T> List<T> readAll(
      PipelineConfig config, String topic, Function<byte[], T> decoder) {
    return readAll(KafkaClientProperties.of(config), topic, decoder);
  }

  /** As {@link #readAll(PipelineConfig, String, Function)}, from an embedded broker (tests). */
  public static <T> List<T> readAll(
      String bootstrapServers, String topic, Function<byte[], T> decoder) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return readAll(properties, topic, decoder);
  }

  private static <T> List<T> readAll(
      Properties clientProperties, String topic, Function<byte[], T> decoder) {
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<T> rows = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      if (!consumer.listTopics(Duration.ofSeconds(10)).containsKey(topic)) {
        return rows;
      }
      consumer.subscribe(List.of(topic));
      // Reads until a poll comes back empty: everything written so far has been seen.
      while (true) {
        var records = consumer.poll(Duration.ofSeconds(2));
        if (records.isEmpty() && !consumer.assignment().isEmpty()) {
          return rows;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          rows.add(decoder.apply(record.value()));
        }
      }
    }
  }
}
