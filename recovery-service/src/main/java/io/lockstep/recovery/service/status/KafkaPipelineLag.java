package io.lockstep.recovery.service.status;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.KafkaClientProperties;
import io.lockstep.contract.PipelineTopics;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * The apply group's lag through Kafka's admin API: for every partition of every change topic
 * ({@code <prefix>.<db>.<schema>.<table>}), its end offset minus the group's committed offset. The
 * apply job commits offsets when its checkpoints complete, so the lag reads up to one checkpoint
 * interval high.
 */
@Component
class KafkaPipelineLag implements PipelineLag {

  private static final long TIMEOUT_SECONDS = 10;

  private final PipelineConfig pipeline;
  private final Pattern changeTopics;
  private Admin admin;

  KafkaPipelineLag(PipelineConfig pipeline) {
    this.pipeline = pipeline;
    this.changeTopics = PipelineTopics.changeTopics(pipeline.topicPrefix());
  }

  @Override
  public LagReport applyLag() {
    String group = pipeline.applyConsumerGroup();
    try {
      Admin kafka = admin();
      Set<String> topics =
          kafka.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
              .filter(t -> changeTopics.matcher(t).matches())
              .collect(Collectors.toSet());
      if (topics.isEmpty()) {
        return new LagReport(group, 0, true, List.of(), null);
      }
      Map<String, TopicDescription> described =
          kafka.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<TopicPartition> partitions = new ArrayList<>();
      described
          .values()
          .forEach(
              d ->
                  d.partitions()
                      .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
      Map<TopicPartition, OffsetAndMetadata> committed =
          kafka
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<TopicPartition, Long> end = offsets(kafka, partitions, OffsetSpec.latest());
      Map<TopicPartition, Long> start = offsets(kafka, partitions, OffsetSpec.earliest());
      List<LagReport.PartitionLag> lags = new ArrayList<>();
      long total = 0;
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata offset = committed.get(partition);
        long from = offset == null ? start.get(partition) : offset.offset();
        long lag = Math.max(0, end.get(partition) - from);
        total += lag;
        lags.add(
            new LagReport.PartitionLag(
                partition.topic(),
                partition.partition(),
                offset == null ? -1 : offset.offset(),
                end.get(partition),
                lag));
      }
      lags.sort(
          Comparator.comparing(LagReport.PartitionLag::topic)
              .thenComparing(LagReport.PartitionLag::partition));
      return new LagReport(group, total, total == 0, lags, null);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      return LagReport.failed(group, "Kafka did not answer: " + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return LagReport.failed(group, "interrupted");
    }
  }

  private static Map<TopicPartition, Long> offsets(
      Admin kafka, List<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(p, spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
        kafka.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    result.forEach((p, info) -> offsets.put(p, info.offset()));
    return offsets;
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Properties props = KafkaClientProperties.of(pipeline);
      props.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "lockstep-recovery-lag");
      admin = Admin.create(props);
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close();
    }
  }
}
