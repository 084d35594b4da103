package io.lockstep.verify;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the apply job has got, by the offsets its consumer group committed. The apply job commits
 * an offset only after a checkpoint, and flushes its writes before a checkpoint completes, so a
 * committed offset past a change means the target holds that change (or the dead-letter topic
 * does). This is what stretches the verifier's delay while apply lags: a change is not checked
 * before apply is past it.
 */
final class ApplyProgress implements ApplyWatch {

  private static final Logger LOG = LoggerFactory.getLogger(ApplyProgress.class);

  /** Offsets are read again at most this often; a check waits at most this much longer. */
  private static final long REFRESH_MILLIS = 1_000;

  private final Admin admin;
  private final String applyGroup;
  private Map<TopicPartition, Long> committed = Map.of();
  private long readAt;

  ApplyProgress(Properties clientProperties, String bootstrapServers, String applyGroup) {
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "lockstep-verify-" + applyGroup);
    this.admin = Admin.create(properties);
    this.applyGroup = applyGroup;
  }

  /** Whether the apply job has committed past {@code offset} of {@code topic}'s partition. */
  @Override
  public boolean isPast(String topic, int partition, long offset, long now) {
    if (now - readAt >= REFRESH_MILLIS) {
      refresh(now);
    }
    Long next = committed.get(new TopicPartition(topic, partition));
    return next != null && next > offset;
  }

  private void refresh(long now) {
    readAt = now;
    try {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      Map<TopicPartition, OffsetAndMetadata> read =
          admin
              .listConsumerGroupOffsets(applyGroup)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      read.forEach(
          (partition, offset) -> {
            if (offset != null) {
              offsets.put(partition, offset.offset());
            }
          });
      committed = offsets;
    } catch (ExecutionException | TimeoutException e) {
      // Checks wait (they are postponed, not dropped) until the broker answers again.
      LOG.warn(
          "Cannot read the apply job's committed offsets (group {}): {}; checks wait",
          applyGroup,
          e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
