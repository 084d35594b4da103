package io.lockstep.it.resilience;

import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a change topic holds for a few keys, for the message of a test that found a row missing:
 * whether the capture never wrote the row's changes or the apply job dropped them.
 */
final class ChangeHistory {

  private static final Pattern EXAMPLE_KEY = Pattern.compile("key \\[([^\\]]+)\\]");

  private ChangeHistory() {}

  /** The keys named in a comparison's examples ({@code key [..]}). */
  static List<String> keysIn(String comparisonText) {
    List<String> keys = new ArrayList<>();
    Matcher m = EXAMPLE_KEY.matcher(comparisonText);
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  /**
   * Every record of the table's change topic (under {@code topicPrefix}) whose key contains one of
   * {@code keys}, in partition order.
   */
  static String of(
      String bootstrapServers, String topicPrefix, String qualifiedTable, List<String> keys) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      String topic =
          consumer.listTopics(Duration.ofSeconds(10)).keySet().stream()
              .filter(t -> t.startsWith(topicPrefix + ".") && t.endsWith("." + qualifiedTable))
              .findFirst()
              .orElse(null);
      if (topic == null) {
        return "no change topic of " + qualifiedTable + " under " + topicPrefix;
      }
      StringBuilder out = new StringBuilder("records of " + keys + " in " + topic + ":");
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          String key = new String(record.key(), StandardCharsets.UTF_8);
          if (keys.stream().anyMatch(key::contains)) {
            ChangeEvent event = ChangeEventCodec.decodeValue(record.value());
            out.append(
                String.format(
                    "%n  partition %d offset %d: %s at %s (tx %s)",
                    record.partition(),
                    record.offset(),
                    event.operation(),
                    event.position(),
                    event.transactionId()));
          }
        }
      }
      return out.toString();
    }
  }
}
