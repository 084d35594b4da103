package io.lockstep.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.event.RecordJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The epochs a pipeline's capture opened, on the topic {@code <prefix>.epochs}. The capture writes
 * one record when it opens an epoch, before the first change of it; the apply job lets a change
 * raise the target's epoch only when this topic holds that epoch. Raising the epoch sweeps every
 * row an older epoch wrote (see {@code EpochFence}), so a change with a made-up epoch must not be
 * able to do it: one record with a high epoch would otherwise empty the target and make it drop
 * every genuine change after it.
 *
 * <p>The topic's name has one part after the prefix, so the change-topic pattern does not match it.
 */
public final class CaptureEpochs {

  public static final String TOPIC_SUFFIX = "epochs";

  private static final ObjectMapper JSON = RecordJson.mapper();

  private CaptureEpochs() {}

  public static String topic(String topicPrefix) {
    return topicPrefix + "." + TOPIC_SUFFIX;
  }

  /** The record that announces {@code epoch} of {@code pipeline}. */
  public static SerializedChange announcement(String topicPrefix, String pipeline, long epoch) {
    ObjectNode value = JSON.createObjectNode();
    value.put("v", 1);
    value.put("pipeline", pipeline);
    value.put("epoch", epoch);
    value.put("opened_at", Instant.now().toString());
    try {
      return new SerializedChange(
          topic(topicPrefix),
          pipeline.getBytes(StandardCharsets.UTF_8),
          JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The highest epoch announced on {@code config}'s epochs topic, reading it from its start to its
   * current end; 0 when the topic does not exist or holds none. Records that are not announcements
   * are passed over. (The topic prefix is the pipeline's own: a second pipeline on the same prefix
   * would mix their change topics too, so the pipeline name in the record is information only.)
   */
  public static long highestAnnounced(PipelineConfig config, Duration timeout) {
    Properties properties = KafkaClientProperties.of(config);
    properties.setProperty(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS));
    properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    String topic = topic(config.topicPrefix());
    long highest = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Map<String, List<PartitionInfo>> topics = consumer.listTopics(timeout);
      if (!topics.containsKey(topic)) {
        return 0;
      }
      List<TopicPartition> partitions =
          topics.get(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " took longer than " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          highest = Math.max(highest, epochOf(record.value()));
        }
      }
    }
    return highest;
  }

  private static long epochOf(byte[] value) {
    if (value == null) {
      return 0;
    }
    try {
      JsonNode node = JSON.readTree(value);
      if (node != null && node.path("epoch").canConvertToLong()) {
        return node.path("epoch").asLong();
      }
    } catch (IOException e) {
      // Not an announcement: passed over.
    }
    return 0;
  }
}
