package io.lockstep.it.resilience;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transient failures are waited out, never dead-lettered: the target, the source and the Kafka
 * broker restart while changes flow, and the target still ends equal to the source.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DatabaseRestartIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static EmbeddedStack stack;
  private static PipelineConfig config;

  @BeforeAll
  static void start() throws Exception {
    stack = STACK.stack();
    try (Connection source = stack.source().connect();
        Connection target = stack.target().connect()) {
      DemoSchema.create(source);
      DemoSchema.create(target);
    }
    config = QuickstartConfig.of(stack, "restarts", "");
    new LocalPipeline(stack.flink(), config).start();
  }

  @Test
  void targetRestartIsWaitedOut() throws Exception {
    AtomicLong written = new AtomicLong();
    try (Connection source = stack.source().connect()) {
      DemoWorkload workload = new DemoWorkload(source, 11);
      workload.seed(500);
      writeChanges(workload, 5_000, written);
      stack.target().stopServer();
      // Changes keep coming while the target is down; apply holds them back.
      writeChanges(workload, 10_000, written);
      stack.target().startServer();
      writeChanges(workload, 5_000, written);
    }
    awaitTargetEqualsSource();
    assertThat(rejectedRows()).as("a restart is not a reason to dead-letter").isZero();
  }

  @Test
  void sourceRestartIsWaitedOut() throws Exception {
    AtomicLong written = new AtomicLong();
    try (Connection source = stack.source().connect()) {
      writeChanges(new DemoWorkload(source, 12), 5_000, written);
    }
    // The restart this test is about comes while the capture streams, caught up. A restart before
    // the capture's first checkpoint is SourceRestartBeforeCheckpointIT's.
    awaitTargetEqualsSource();
    stack.source().stopServer();
    stack.source().startServer();
    try (Connection source = stack.source().connect()) {
      writeChanges(new DemoWorkload(source, 13), 5_000, written);
    }
    awaitTargetEqualsSource();
    assertThat(rejectedRows()).isZero();
  }

  @Test
  void kafkaBrokerRestartIsWaitedOut() throws Exception {
    AtomicLong written = new AtomicLong();
    try (Connection source = stack.source().connect()) {
      DemoWorkload workload = new DemoWorkload(source, 14);
      writeChanges(workload, 5_000, written);
      stack.kafka().restartBroker();
      writeChanges(workload, 5_000, written);
    }
    awaitTargetEqualsSource();
    assertThat(rejectedRows()).isZero();
  }

  private static void writeChanges(DemoWorkload workload, long changes, AtomicLong written)
      throws Exception {
    long until = workload.rowChanges() + changes;
    while (workload.rowChanges() < until) {
      workload.step();
    }
    written.addAndGet(changes);
  }

  private static long rejectedRows() {
    return FailedRowsTopic.readAll(
            stack.kafka().bootstrapServers(), PipelineTopics.failedRows(config.topicPrefix()))
        .stream()
        .filter(r -> r.kind() == FailedRow.Kind.REJECTED)
        .count();
  }

  private static void awaitTargetEqualsSource() {
    Tables.awaitTargetEqualsSource(
        stack.source(),
        stack.target(),
        DemoSchema.SCHEMA,
        DemoSchema.TABLES,
        Duration.ofMinutes(3));
  }
}
