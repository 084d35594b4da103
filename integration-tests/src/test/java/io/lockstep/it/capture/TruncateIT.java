package io.lockstep.it.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TruncateHandling;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.failure.FailedRow;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.FailedRowsTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineJob;
import io.lockstep.runner.PipelineMetrics;
import io.lockstep.runner.TopicRecords;
import io.lockstep.runner.embedded.EmbeddedDatabase;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A source {@code TRUNCATE} is replicated in order with the row changes around it: rows written
 * before it are gone from the target, rows written after it (in the same transaction where the
 * engine allows one) are there, while traffic runs on the table and a neighbour; the verifier sees
 * the truncate and reports no discrepancy. A second pipeline with {@code source.truncate: refuse}
 * dead-letters the truncate, keeps the target's rows and goes on streaming.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class TruncateIT {

  private static final int TRAFFIC = 300;

  /** The stack of the route a subclass tests. */
  abstract EmbeddedStack stack();

  /**
   * Inserts item 1001, truncates {@code trunc.items}, inserts item 1002 and updates neighbour row
   * 1: in one transaction where the engine allows a truncate in one.
   */
  abstract void truncateBetweenInserts(Statement st) throws Exception;

  /** The same DDL on PostgreSQL and MariaDB/MySQL. */
  private static String table(String name) {
    return "CREATE TABLE " + name + " (id int PRIMARY KEY, note varchar(100))";
  }

  @Test
  void aTruncateIsReplicatedInOrderOrRefused() throws Exception {
    EmbeddedStack stack = stack();
    for (EmbeddedDatabase db : List.of(stack.source(), stack.target())) {
      Tables.execute(
          db,
          "CREATE SCHEMA trunc",
          table("trunc.items"),
          table("trunc.others"),
          "CREATE SCHEMA refused",
          table("refused.items"));
    }
    StringBuilder seed = new StringBuilder();
    for (int id = 1; id <= 100; id++) {
      seed.append(id == 1 ? "" : ", ").append("(").append(id).append(", 'seed ").append(id);
      seed.append("')");
    }
    Tables.execute(
        stack.source(),
        "INSERT INTO trunc.items (id, note) VALUES " + seed,
        "INSERT INTO trunc.others (id, note) VALUES " + seed,
        "INSERT INTO refused.items (id, note) VALUES " + seed);

    PipelineConfig replicate =
        QuickstartConfig.of(stack, "truncates", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("trunc\\..*"))
            // Two apply tasks: a table's changes are written by both, the truncate by one.
            .with(PipelineOptions.APPLY_PARALLELISM, 2)
            .with(PipelineOptions.VERIFY_DELAY, Duration.ofSeconds(2));
    LocalPipeline replicating =
        new LocalPipeline(stack.flink(), replicate).start(EnumSet.allOf(PipelineJob.class));
    PipelineConfig refuse =
        QuickstartConfig.of(stack, "refusing", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("refused\\..*"))
            .with(PipelineOptions.KAFKA_TOPIC_PREFIX, "refusing")
            .with(PipelineOptions.SOURCE_TRUNCATE, TruncateHandling.REFUSE);
    LocalPipeline refusing = new LocalPipeline(stack.flink(), refuse).start();
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "trunc", List.of("items", "others"), Duration.ofMinutes(2));
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "refused", List.of("items"), Duration.ofMinutes(2));

    // Traffic on the table and its neighbour while the truncate happens.
    AtomicInteger written = new AtomicInteger();
    CompletableFuture<Void> traffic =
        CompletableFuture.runAsync(
            () -> {
              try (Connection source = stack.source().connect();
                  Statement st = source.createStatement()) {
                for (int i = 1; i <= TRAFFIC; i++) {
                  st.execute("INSERT INTO trunc.items (id, note) VALUES (" + (2000 + i) + ", 't')");
                  st.execute("UPDATE trunc.items SET note = 'u" + i + "' WHERE id = " + (i % 90));
                  st.execute(
                      "INSERT INTO trunc.others (id, note) VALUES (" + (2000 + i) + ", 't')");
                  st.execute("UPDATE trunc.others SET note = 'u" + i + "' WHERE id = " + (i % 90));
                  written.incrementAndGet();
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(Duration.ofMinutes(1)).until(() -> written.get() >= TRAFFIC / 3);
    try (Connection source = stack.source().connect();
        Statement st = source.createStatement()) {
      truncateBetweenInserts(st);
    }
    traffic.get(2, TimeUnit.MINUTES);

    long left = Tables.count(stack.source(), "SELECT count(*) FROM trunc.items");
    assertThat(left).as("rows after the truncate").isBetween(2L, (long) TRAFFIC);
    assertThat(Tables.count(stack.source(), "SELECT count(*) FROM trunc.items WHERE id <= 1001"))
        .as("rows written before the truncate")
        .isZero();
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "trunc", List.of("items", "others"), Duration.ofMinutes(2));

    // The verifier saw the truncate and confirms no difference for the rows it removed.
    PipelineMetrics metrics = new PipelineMetrics(stack.flink().restAddress());
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                metrics.metric(replicating.verifyJob(), "lockstepVerifyTruncatesSeen", "sum") >= 1);
    assertThat(
            TopicRecords.readAll(
                stack.kafka().bootstrapServers(),
                PipelineTopics.discrepancies(replicate.topicPrefix()),
                String::new))
        .isEmpty();

    // Refused: dead-lettered with its reason, the target keeps its rows, the stream goes on.
    Tables.execute(stack.source(), "TRUNCATE TABLE refused.items");
    Tables.execute(stack.source(), "INSERT INTO refused.items (id, note) VALUES (101, 'after')");
    List<FailedRow> refused =
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () ->
                    FailedRowsTopic.readAll(
                        stack.kafka().bootstrapServers(),
                        PipelineTopics.failedRows(refuse.topicPrefix())),
                rows -> !rows.isEmpty());
    assertThat(refused)
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.kind()).isEqualTo(FailedRow.Kind.TRUNCATE_REFUSED);
              assertThat(row.table()).endsWith("refused.items");
              assertThat(row.keyJson()).isEqualTo("{}");
              assertThat(row.error().message())
                  .contains("source.truncate: refuse")
                  .contains("reconcile");
            });
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> Tables.count(stack.target(), "SELECT count(*) FROM refused.items") == 101);
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                metrics.metric(refusing.captureJob(), "lockstepCaptureTruncatesRefused", "sum")
                    == 1);
  }
}
