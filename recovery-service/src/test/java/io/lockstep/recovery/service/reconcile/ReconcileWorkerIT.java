package io.lockstep.recovery.service.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.support.TestStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** Runs on the real store with a scripted engine in place of the checksum bisection. */
class ReconcileWorkerIT {

  private static TestStore store;
  private static RunRepository runs;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeAll
  static void startStore() throws Exception {
    store = TestStore.start();
    runs = new RunRepository(store.jdbc());
  }

  @AfterAll
  static void stopStore() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  @BeforeEach
  void clear() {
    store.clear();
  }

  private ReconcileWorker worker(ReconcileRunner runner, Duration staleAfter) {
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    beans.registerSingleton("runner", runner);
    RecoveryProperties properties =
        new RecoveryProperties(
            null,
            new RecoveryProperties.Flink(null, Duration.ofSeconds(5)),
            new RecoveryProperties.Retry(
                true,
                Duration.ofMinutes(5),
                5,
                2.0,
                Duration.ofHours(1),
                Duration.ofSeconds(10),
                50,
                Duration.ofMinutes(2)),
            new RecoveryProperties.Ingest(false, Duration.ofSeconds(1)),
            new RecoveryProperties.Reconcile(1, Duration.ofSeconds(5), staleAfter),
            new RecoveryProperties.Api(null),
            new RecoveryProperties.Cutover(1000));
    return new ReconcileWorker(
        runs, beans.getBeanProvider(ReconcileRunner.class), properties, meters);
  }

  @Test
  void aQueuedRunIsExecutedAndItsDifferencesKept() {
    ReconcileRunRequest request =
        ReconcileRunRequest.range(
            "shop.customers", "{\"id\":1}", "{\"id\":500}", ReconcileMode.REPAIR);
    long id = runs.insert(request, "otto", "test", Instant.now());
    List<ReconcileRunRequest> seen = new ArrayList<>();
    ReconcileWorker worker =
        worker(
            (given, checkpoint, progress) -> {
              seen.add(given);
              progress.update(250, 0, "{\"after\":{\"id\":250}}");
              progress.difference(
                  new ReconcileRunner.Difference("{\"id\":7}", "DIFFERENT", List.of("name"), true));
              progress.difference(
                  new ReconcileRunner.Difference("{\"id\":9}", "MISSING", List.of(), true));
              progress.update(500, 2, null);
              return new ReconcileRunner.Summary(500, 2, 2);
            },
            Duration.ofMinutes(2));

    assertThat(worker.runNext()).isTrue();
    assertThat(worker.runNext()).as("nothing else queued").isFalse();

    assertThat(seen).containsExactly(request);
    ReconcileRun run = runs.find(id).orElseThrow();
    assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.rowsCompared()).isEqualTo(500);
    assertThat(run.rowsRepaired()).isEqualTo(2);
    assertThat(run.differences()).isEqualTo(2);
    assertThat(run.startedAt()).isNotNull();
    assertThat(run.finishedAt()).isNotNull();
    assertThat(runs.differences(id, 0, 10))
        .extracting(ReconcileRunner.Difference::keyJson)
        .containsExactly("{\"id\":7}", "{\"id\":9}");
    assertThat(meters.counter("lockstep.recovery.reconcile.rows").count()).isEqualTo(500);
  }

  @Test
  void aRunWhoseWorkerStoppedReportingResumesFromItsCheckpoint() {
    long id =
        runs.insert(
            ReconcileRunRequest.table("shop.customers", ReconcileMode.DRY_RUN),
            "otto",
            "test",
            Instant.now());
    // A worker of an instance that then died took the run and saved a checkpoint.
    Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
    runs.claimNext("dead-instance", longAgo, longAgo.minusSeconds(1)).orElseThrow();
    assertThat(runs.progress(id, "dead-instance", 1000, 0, "{\"after\":{\"id\":1000}}", longAgo))
        .isTrue();

    List<String> checkpoints = new ArrayList<>();
    ReconcileWorker worker =
        worker(
            (given, checkpoint, progress) -> {
              checkpoints.add(checkpoint);
              progress.update(2000, 0, null);
              return new ReconcileRunner.Summary(2000, 0, 0);
            },
            Duration.ofMinutes(2));

    assertThat(worker.runNext()).isTrue();
    assertThat(checkpoints).containsExactly("{\"after\":{\"id\":1000}}");
    assertThat(runs.find(id).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(runs.progress(id, "dead-instance", 1, 0, null, Instant.now()))
        .as("the old worker has lost the run")
        .isFalse();
  }

  @Test
  void aFailingRunIsMarkedFailedWithItsError() {
    long id =
        runs.insert(
            ReconcileRunRequest.table("shop.customers", ReconcileMode.REPAIR),
            "otto",
            "test",
            Instant.now());
    ReconcileWorker worker =
        worker(
            (given, checkpoint, progress) -> {
              throw new java.sql.SQLException("target table replica.customers is missing");
            },
            Duration.ofMinutes(2));
    assertThat(worker.runNext()).isTrue();
    ReconcileRun run = runs.find(id).orElseThrow();
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(run.error()).contains("replica.customers is missing");
  }

  @Test
  void aRunningRunThatIsNotStaleIsLeftToItsWorker() {
    long id =
        runs.insert(
            ReconcileRunRequest.table("shop.customers", ReconcileMode.REPAIR),
            "otto",
            "test",
            Instant.now());
    runs.claimNext("busy-instance", Instant.now(), Instant.now().minusSeconds(120)).orElseThrow();
    ReconcileWorker worker =
        worker(
            (given, checkpoint, progress) -> new ReconcileRunner.Summary(0, 0, 0),
            Duration.ofMinutes(2));
    assertThat(worker.runNext()).isFalse();
    assertThat(runs.find(id).orElseThrow().state()).isEqualTo(RunState.RUNNING);
  }
}
