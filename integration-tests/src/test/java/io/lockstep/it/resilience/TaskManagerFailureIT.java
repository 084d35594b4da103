package io.lockstep.it.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.contract.PipelineTopics;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.FailedRowsTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineMetrics;
import io.lockstep.runner.compare.TableComparison;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.DemoSchema;
import io.lockstep.runner.quickstart.DemoWorkload;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The task manager running both jobs dies in the middle of a 100,000-change stream. Both jobs
 * restore from their last checkpoint on a new task manager, and the target ends equal to the
 * source: nothing lost, nothing regressed.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class TaskManagerFailureIT {

  private static final long CHANGES = 100_000;

  private static EmbeddedStack stack;
  private static final ExecutorService writer = Executors.newSingleThreadExecutor();

  @BeforeAll
  static void start() throws Exception {
    stack = EmbeddedStack.start(0);
    try (Connection source = stack.source().connect();
        Connection target = stack.target().connect()) {
      DemoSchema.create(source);
      DemoSchema.create(target);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    writer.shutdownNow();
    writer.awaitTermination(1, TimeUnit.MINUTES);
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void targetEqualsSourceAfterTaskManagerFailureMidStream() throws Exception {
    LocalPipeline pipeline =
        new LocalPipeline(stack.flink(), QuickstartConfig.of(stack, "failover", "")).start();
    PipelineMetrics metrics = new PipelineMetrics(stack.flink().restAddress());

    // The stream is written in two halves with the failure between them, so that the task
    // manager always dies mid-stream: with a backlog being applied and changes still to come.
    // -Dlockstep.failover.rounds=N fails it N times over an N times longer stream (to hunt rare
    // losses; CI runs one round).
    int rounds = Integer.getInteger("lockstep.failover.rounds", 1);
    long changes = CHANGES * rounds;
    CountDownLatch failed = new CountDownLatch(1);
    CompletableFuture<Long> written =
        CompletableFuture.supplyAsync(
            () -> {
              try (Connection source = stack.source().connect()) {
                DemoWorkload workload = new DemoWorkload(source, 7);
                workload.seed(1_000);
                while (workload.rowChanges() < changes / 2) {
                  workload.step();
                }
                failed.await(5 * rounds, TimeUnit.MINUTES);
                while (workload.rowChanges() < changes) {
                  workload.step();
                }
                return workload.rowChanges();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            writer);

    for (int round = 0; round < rounds; round++) {
      // Fail once a good part of the stream has been applied, with checkpoints behind us (the
      // applied count starts again from zero with every new task attempt).
      long appliedBeforeFailure = round == 0 ? 30_000 : 15_000;
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> metrics.read(pipeline).applied() >= appliedBeforeFailure);
      stack.flink().restartTaskManager();
      System.out.printf("Task manager failure %d of %d%n", round + 1, rounds);
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  stack.flink().status(pipeline.captureJob()) == JobStatus.RUNNING
                      && stack.flink().status(pipeline.applyJob()) == JobStatus.RUNNING);
    }
    failed.countDown();
    assertThat(written.get(5 * rounds, TimeUnit.MINUTES)).isGreaterThanOrEqualTo(changes);

    String failedRowsTopic = PipelineTopics.failedRows(pipeline.config().topicPrefix());
    try {
      Tables.awaitTargetEqualsSource(
          stack.source(),
          stack.target(),
          DemoSchema.SCHEMA,
          DemoSchema.TABLES,
          Duration.ofMinutes(4));
    } catch (ConditionTimeoutException e) {
      // Say whether a missing row was refused (dead-lettered), dropped by the apply job (its
      // changes are in the topic) or never captured (they are not).
      StringBuilder histories = new StringBuilder();
      for (TableComparison c :
          Tables.compare(stack.source(), stack.target(), DemoSchema.SCHEMA, DemoSchema.TABLES)) {
        if (!c.matches()) {
          histories
              .append('\n')
              .append(
                  ChangeHistory.of(
                      stack.kafka().bootstrapServers(),
                      pipeline.config().topicPrefix(),
                      c.table(),
                      ChangeHistory.keysIn(c.toString())));
        }
      }
      throw new AssertionError(
          e.getMessage()
              + "\nfailed-rows topic: "
              + FailedRowsTopic.readAll(stack.kafka().bootstrapServers(), failedRowsTopic)
              + histories,
          e);
    }
    assertThat(FailedRowsTopic.readAll(stack.kafka().bootstrapServers(), failedRowsTopic))
        .as("no row is refused by a target that is merely restarted under it")
        .isEmpty();
  }
}
