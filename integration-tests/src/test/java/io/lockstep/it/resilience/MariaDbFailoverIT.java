package io.lockstep.it.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.runner.FailedRowsTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineMetrics;
import io.lockstep.runner.compare.RowByRowComparator;
import io.lockstep.runner.compare.TableComparison;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.DemoSchema;
import io.lockstep.runner.quickstart.DemoWorkload;
import io.lockstep.runner.quickstart.QuickstartConfig;
import io.lockstep.runner.schema.SchemaBootstrap;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A MariaDB source through a task-manager failure mid-stream: the capture restores its binlog
 * offset and its schema history from the checkpoint, and the PostgreSQL target ends equal to the
 * source, nothing lost and nothing refused.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class MariaDbFailoverIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.MARIADB, Engine.POSTGRES);

  @Test
  void targetEqualsSourceAfterTaskManagerFailureMidStream() throws Exception {
    EmbeddedStack stack = STACK.stack();
    PipelineConfig config = QuickstartConfig.of(stack, "mariadb_failover", "");
    try (Connection source = stack.source().connect()) {
      DemoSchema.create(source, Engine.MARIADB);
      SchemaBootstrap.apply(config, SchemaBootstrap.plan(config, source));
      DemoWorkload workload = new DemoWorkload(source, Engine.MARIADB, 11);
      workload.seed(300);

      LocalPipeline pipeline = new LocalPipeline(stack.flink(), config).start();
      PipelineMetrics metrics = new PipelineMetrics(stack.flink().restAddress());
      while (workload.rowChanges() < 15_000) {
        workload.step();
      }
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> metrics.read(pipeline).applied() >= 8_000);
      stack.flink().restartTaskManager();
      // A table change while the task manager is gone: the restored capture must decode rows of
      // both shapes, which needs the schema history it checkpointed.
      try (var statement = source.createStatement()) {
        statement.execute("ALTER TABLE shop.orders ADD COLUMN gift_wrap boolean");
      }
      while (workload.rowChanges() < 30_000) {
        workload.step();
      }
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  stack.flink().status(pipeline.captureJob()) == JobStatus.RUNNING
                      && stack.flink().status(pipeline.applyJob()) == JobStatus.RUNNING);
    }
    // The target gains the new column too (DDL in any order), so that the comparison covers it.
    try (Connection target = stack.target().connect();
        var statement = target.createStatement()) {
      statement.execute("ALTER TABLE shop.orders ADD COLUMN gift_wrap smallint");
    }
    String failedRows = PipelineTopics.failedRows(config.topicPrefix());
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(compare(stack))
                    .allSatisfy(c -> assertThat(c.matches()).as(c.toString()).isTrue()));
    assertThat(FailedRowsTopic.readAll(stack.kafka().bootstrapServers(), failedRows)).isEmpty();
  }

  private static List<TableComparison> compare(EmbeddedStack stack) throws Exception {
    List<TableComparison> result = new ArrayList<>();
    try (Connection source = stack.source().connect();
        Connection target = stack.target().connect()) {
      for (String table : DemoSchema.TABLES) {
        result.add(
            RowByRowComparator.compare(
                new RowByRowComparator.Side(source, Engine.MARIADB, DemoSchema.SCHEMA, table),
                new RowByRowComparator.Side(target, Engine.POSTGRES, DemoSchema.SCHEMA, table),
                List.of(),
                Set.of()));
      }
    }
    return result;
  }
}
