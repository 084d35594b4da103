package io.lockstep.it.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.failure.FailedRow;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.FailedRowsTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineMetrics;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stall longer than the change topics' retention: changes are deleted from Kafka before the apply
 * job reads them, and Kafka's consumer goes on at the earliest offset left. The loss cannot be
 * undone from Kafka, but it must not be silent: the gap is reported (metric, dead-letter record
 * naming the offsets and the table to re-snapshot) and the stream goes on.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RetentionGapIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  @Test
  void changesDeletedBeforeApplyReadThemAreReportedAsAGap() throws Exception {
    EmbeddedStack stack = STACK.stack();
    String ddl = "CREATE SCHEMA gap; CREATE TABLE gap.items (id integer PRIMARY KEY, v text)";
    Tables.execute(stack.source(), ddl);
    Tables.execute(stack.target(), ddl);
    PipelineConfig config =
        QuickstartConfig.of(stack, "gap", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("gap\\..*"));
    String topic = config.topicPrefix() + "." + stack.source().database() + ".gap.items";
    LocalPipeline pipeline = new LocalPipeline(stack.flink(), config).start();
    PipelineMetrics metrics = new PipelineMetrics(stack.flink().restAddress());

    Tables.execute(
        stack.source(), "INSERT INTO gap.items SELECT g, 'a' FROM generate_series(1, 10) g");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> Tables.count(stack.target(), "SELECT count(*) FROM gap.items") == 10);
    try (Admin admin = admin(stack)) {
      // The apply group commits its offsets with each checkpoint: wait until they cover the rows.
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> committed(admin, config).equals(end(admin, topic)));
      stack.flink().cancel(pipeline.applyJob());

      // The stall: changes reach Kafka, and retention deletes them before apply reads them.
      Tables.execute(
          stack.source(), "INSERT INTO gap.items SELECT g, 'lost' FROM generate_series(11, 20) g");
      Map<TopicPartition, Long> before = committed(admin, config);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> total(end(admin, topic)) == total(before) + 10);
      Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
      end(admin, topic).forEach((p, o) -> deletions.put(p, RecordsToDelete.beforeOffset(o)));
      admin.deleteRecords(deletions).all().get(30, TimeUnit.SECONDS);
    }
    Tables.execute(
        stack.source(), "INSERT INTO gap.items SELECT g, 'after' FROM generate_series(21, 60) g");
    pipeline.startApply();

    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                Tables.count(stack.target(), "SELECT count(*) FROM gap.items WHERE id > 20") == 40);
    List<FailedRow> gaps =
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () ->
                    FailedRowsTopic.readAll(
                            stack.kafka().bootstrapServers(),
                            PipelineTopics.failedRows(config.topicPrefix()))
                        .stream()
                        .filter(
                            r -> r.error() != null && r.error().errorClass().equals("OffsetGap"))
                        .toList(),
                found -> !found.isEmpty());
    assertThat(gaps)
        .allSatisfy(
            r -> {
              assertThat(r.table()).isEqualTo(topic);
              assertThat(r.error().message())
                  .contains("were deleted before the apply job read them")
                  .contains("Re-snapshot");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> metrics.metric(pipeline.applyJob(), "lockstepOffsetGaps", "sum"), n -> n >= 1);
    // The loss itself is what the report is about: the deleted changes never reached the target.
    assertThat(
            Tables.count(
                stack.target(), "SELECT count(*) FROM gap.items WHERE id BETWEEN 11 AND 20"))
        .isZero();
  }

  private static Admin admin(EmbeddedStack stack) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    return Admin.create(properties);
  }

  private static Map<TopicPartition, Long> committed(Admin admin, PipelineConfig config)
      throws Exception {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e :
        admin
            .listConsumerGroupOffsets(config.applyConsumerGroup())
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS)
            .entrySet()) {
      if (e.getValue() != null
          && e.getValue().offset() > 0
          && e.getKey().topic().endsWith(".gap.items")) {
        offsets.put(e.getKey(), e.getValue().offset());
      }
    }
    return offsets;
  }

  private static Map<TopicPartition, Long> end(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((p, o) -> offsets.put(p, o.offset()));
    // Partitions that never got a record are not in the group's offsets either.
    offsets.values().removeIf(o -> o == 0);
    return offsets;
  }

  private static long total(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }
}
