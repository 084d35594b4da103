package io.lockstep.it.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.failure.FailedRow;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.FailedRowsTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.DemoSchema;
import io.lockstep.runner.quickstart.DemoWorkload;
import io.lockstep.runner.quickstart.QuickstartConfig;
import io.lockstep.runner.schema.SchemaBootstrap;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The source restarts while changes are written, before the capture's first checkpoint: Debezium
 * restarts its connector on its own and, with no committed offset, snapshots again. The new
 * snapshot must open a new epoch, or its reads could not overwrite rows streamed before the
 * restart, and rows deleted around the restart would stay on the target.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
abstract class SourceRestartBeforeCheckpointIT {

  abstract EmbeddedStackExtension stackExtension();

  @Test
  void aSnapshotRedoneBeforeTheFirstCheckpointStillEndsEqual() throws Exception {
    EmbeddedStack stack = stackExtension().stack();
    Engine engine = stack.source().engine();
    // No checkpoint completes in this test: the capture never commits an offset.
    PipelineConfig config = QuickstartConfig.of(stack, "restart_early", "", Duration.ofHours(1));
    try (Connection source = stack.source().connect()) {
      DemoSchema.create(source, engine);
      SchemaBootstrap.apply(config, SchemaBootstrap.plan(config, source));
      DemoWorkload workload = new DemoWorkload(source, engine, 21);
      workload.seed(300);
      new LocalPipeline(stack.flink(), config).start();
      while (workload.rowChanges() < 3_000) {
        workload.step();
      }
    }
    awaitTargetEqualsSource(stack);

    // Changes are still being written, and read, when the server stops.
    AtomicLong changesBeforeStop = new AtomicLong();
    Thread writer =
        new Thread(
            () -> {
              try (Connection source = stack.source().connect()) {
                DemoWorkload workload = new DemoWorkload(source, engine, 22);
                while (true) {
                  workload.step();
                  changesBeforeStop.set(workload.rowChanges());
                }
              } catch (SQLException stopped) {
                // The server went away under the writer: what it committed is what counts.
              }
            },
            "writer-through-restart");
    writer.start();
    try {
      await().atMost(Duration.ofMinutes(1)).until(() -> changesBeforeStop.get() >= 2_000);
      stack.source().stopServer();
    } finally {
      writer.join(TimeUnit.MINUTES.toMillis(1));
    }
    stack.source().startServer();
    try (Connection source = stack.source().connect()) {
      DemoWorkload workload = new DemoWorkload(source, engine, 23);
      while (workload.rowChanges() < 3_000) {
        workload.step();
      }
    }
    awaitTargetEqualsSource(stack);
    assertThat(
            FailedRowsTopic.readAll(
                    stack.kafka().bootstrapServers(),
                    PipelineTopics.failedRows(config.topicPrefix()))
                .stream()
                .filter(r -> r.kind() == FailedRow.Kind.REJECTED))
        .as("a restart is not a reason to dead-letter")
        .isEmpty();
  }

  private static void awaitTargetEqualsSource(EmbeddedStack stack) {
    Tables.awaitTargetEqualsSource(
        stack.source(),
        stack.target(),
        DemoSchema.SCHEMA,
        DemoSchema.TABLES,
        Duration.ofMinutes(3));
  }
}
