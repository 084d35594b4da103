package io.lockstep.recovery.service.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.config.TableSelection;
import io.lockstep.recovery.service.audit.AuditEntry;
import io.lockstep.recovery.service.audit.JdbcAuditLog;
import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.pipeline.KnownTable;
import io.lockstep.recovery.service.pipeline.KnownTables;
import io.lockstep.recovery.service.pipeline.SourceUnavailableException;
import io.lockstep.recovery.service.support.FakeKnownTables;
import io.lockstep.recovery.service.support.TestPipelines;
import io.lockstep.recovery.service.support.TestProperties;
import io.lockstep.recovery.service.support.TestStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Scheduled reconciliation on the real store, several scheduler instances sharing it. */
class ReconcileSchedulerIT {

  private static final TableSelection SHOP =
      TableSelection.of(TestPipelines.postgres(5432, "shop", "localhost:9092"));
  private static final Instant MONDAY_NOON = Instant.parse("2026-11-30T12:00:00Z");
  private static final Instant TUESDAY_3AM = Instant.parse("2026-12-01T03:00:00Z");
  private static TestStore store;
  private static RunRepository runRepository;
  private static ReconcileRuns runs;
  private static ScheduleRepository schedules;
  private static JdbcAuditLog audit;
  private static TransactionTemplate transactions;
  private final SettableClock clock = new SettableClock(MONDAY_NOON);

  @BeforeAll
  static void startStore() throws Exception {
    store = TestStore.start();
    runRepository = new RunRepository(store.jdbc());
    runs = new ReconcileRuns(runRepository);
    schedules = new ScheduleRepository(store.jdbc());
    audit = new JdbcAuditLog(store.jdbc());
    transactions = new TransactionTemplate(new DataSourceTransactionManager(store.dataSource()));
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

  private static ReconcileSchedules nightly(String table, String mode) {
    return ReconcileSchedules.of(
        List.of(new RecoveryProperties.Reconcile.Schedule(table, "0 0 3 * * *", "UTC", mode)),
        SHOP,
        "shop\\..*");
  }

  private ReconcileScheduler instance(ReconcileSchedules configured, KnownTables tables) {
    return new ReconcileScheduler(configured, schedules, runs, tables, audit, transactions, clock);
  }

  private List<ReconcileRun> scheduledRuns() {
    return runs.recent("shop.customers", 100).stream()
        .filter(r -> r.requestedBy().equals(ReconcileScheduler.ACTOR))
        .toList();
  }

  @Test
  void aDueScheduleQueuesExactlyOneRunWhileInstancesRace() throws Exception {
    ReconcileSchedules configured = nightly("shop.customers", "REPAIR");
    List<ReconcileScheduler> instances = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      instances.add(instance(configured, new FakeKnownTables()));
    }
    assertThat(instances.get(0).fireDue()).as("registered, not due before 03:00").isZero();
    assertThat(instances.get(0).statuses().get(0).nextFireAt()).isEqualTo(TUESDAY_3AM);

    ExecutorService threads = Executors.newFixedThreadPool(instances.size());
    try {
      for (int day = 0; day < 5; day++) {
        clock.set(TUESDAY_3AM.plus(Duration.ofDays(day)).plusMillis(20));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> passes = new ArrayList<>();
        for (ReconcileScheduler instance : instances) {
          passes.add(
              threads.submit(
                  () -> {
                    go.await();
                    return instance.fireDue();
                  }));
        }
        go.countDown();
        int queued = 0;
        for (Future<Integer> pass : passes) {
          queued += pass.get(30, TimeUnit.SECONDS);
        }
        assertThat(queued).as("runs queued for the due time of day %d", day).isEqualTo(1);
        List<ReconcileRun> scheduled = scheduledRuns();
        assertThat(scheduled).hasSize(day + 1);
        ReconcileRun newest = scheduled.get(0);
        assertThat(newest.scope()).isEqualTo(ReconcileScope.TABLE);
        assertThat(newest.mode()).isEqualTo(ReconcileMode.REPAIR);
        assertThat(newest.state()).isEqualTo(RunState.QUEUED);
        assertThat(newest.reason())
            .contains("lockstep.reconcile.schedules[0]")
            .contains("due at " + TUESDAY_3AM.plus(Duration.ofDays(day)));
        // The next night's run is not skipped for this one.
        runRepository.finish(
            newest.id(),
            RunState.SUCCEEDED,
            new ReconcileRunner.Summary(0, 0, 0),
            null,
            clock.instant());
      }
    } finally {
      threads.shutdownNow();
    }
    List<AuditEntry> entries = audit.recent(100);
    assertThat(entries).hasSize(5);
    assertThat(entries)
        .allSatisfy(
            e -> {
              assertThat(e.actor()).isEqualTo("scheduler");
              assertThat(e.target()).isEqualTo("shop.customers");
              assertThat(e.result()).isEqualTo("ok");
              assertThat(e.parameters())
                  .contains("\"schedule\":\"lockstep.reconcile.schedules[0]\"");
            });
    ScheduleStatus status = instances.get(3).statuses().get(0);
    assertThat(status.nextFireAt()).isEqualTo(TUESDAY_3AM.plus(Duration.ofDays(5)));
    assertThat(status.lastOutcome()).isEqualTo(ScheduleOutcome.QUEUED);
    assertThat(status.lastRun().id()).isEqualTo(scheduledRuns().get(0).id());
  }

  @Test
  void theWorkerExecutesAScheduledRunAsAnyOther() {
    ReconcileScheduler scheduler = instance(nightly("shop.customers", null), new FakeKnownTables());
    scheduler.fireDue();
    clock.set(TUESDAY_3AM.plusSeconds(2));
    assertThat(scheduler.fireDue()).isEqualTo(1);

    List<ReconcileRunRequest> executed = new ArrayList<>();
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    beans.registerSingleton(
        "runner",
        (ReconcileRunner)
            (request, checkpoint, progress) -> {
              executed.add(request);
              progress.update(41, 0, "{\"after\":{\"id\":41}}");
              return new ReconcileRunner.Summary(41, 0, 0);
            });
    ReconcileWorker worker =
        new ReconcileWorker(
            runRepository,
            beans.getBeanProvider(ReconcileRunner.class),
            TestProperties.withIngest(new RecoveryProperties.Ingest(false, Duration.ofSeconds(1))),
            new SimpleMeterRegistry());
    assertThat(worker.runNext()).isTrue();

    assertThat(executed)
        .containsExactly(ReconcileRunRequest.table("shop.customers", ReconcileMode.DRY_RUN));
    ScheduleStatus status = scheduler.statuses().get(0);
    assertThat(status.lastRun().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(status.lastRun().rowsCompared()).isEqualTo(41);
  }

  @Test
  void aTableWithAQueuedOrRunningRunIsSkippedUntilTheNextTime() {
    ReconcileScheduler scheduler = instance(nightly("shop.customers", null), new FakeKnownTables());
    scheduler.fireDue();
    long manual =
        runs.queue(
            ReconcileRunRequest.table("shop.customers", ReconcileMode.REPAIR), "otto", "by hand");
    runRepository.claimNext("busy-instance", clock.instant(), clock.instant().minusSeconds(120));

    clock.set(TUESDAY_3AM.plusSeconds(1));
    assertThat(scheduler.fireDue()).isZero();
    assertThat(scheduledRuns()).isEmpty();
    ScheduleStatus skipped = scheduler.statuses().get(0);
    assertThat(skipped.lastOutcome()).isEqualTo(ScheduleOutcome.SKIPPED_ACTIVE_RUN);
    assertThat(skipped.lastDetail())
        .isEqualTo("run " + manual + " of shop.customers is queued or running");
    assertThat(skipped.lastDueAt()).isEqualTo(TUESDAY_3AM);
    assertThat(skipped.nextFireAt()).isEqualTo(TUESDAY_3AM.plus(Duration.ofDays(1)));
    assertThat(skipped.lastRun()).isNull();
    assertThat(scheduler.fireDue()).as("the skipped time is not tried again").isZero();
    assertThat(audit.recent(10)).isEmpty();

    runRepository.finish(manual, RunState.SUCCEEDED, null, null, clock.instant());
    clock.set(TUESDAY_3AM.plus(Duration.ofDays(1)).plusSeconds(1));
    assertThat(scheduler.fireDue()).isEqualTo(1);
    assertThat(scheduledRuns()).hasSize(1);
  }

  @Test
  void timesMissedWhileNoInstanceRanFireOnceAfterARestart() {
    instance(nightly("shop.customers", null), new FakeKnownTables()).fireDue();

    // Down from Monday noon to Saturday 10:00: four nights missed.
    clock.set(Instant.parse("2026-12-05T10:00:00Z"));
    ReconcileScheduler restarted = instance(nightly("shop.customers", null), new FakeKnownTables());
    assertThat(restarted.fireDue()).isEqualTo(1);
    assertThat(restarted.fireDue()).isZero();
    ReconcileRun run = scheduledRuns().get(0);
    runRepository.finish(run.id(), RunState.SUCCEEDED, null, null, clock.instant());
    assertThat(restarted.fireDue()).isZero();
    assertThat(scheduledRuns()).hasSize(1);
    assertThat(restarted.statuses().get(0).lastDueAt()).isEqualTo(TUESDAY_3AM);
    assertThat(restarted.statuses().get(0).nextFireAt())
        .isEqualTo(Instant.parse("2026-12-06T03:00:00Z"));
  }

  @Test
  void aTableTheSourceDoesNotHaveIsReportedAtItsDueTime() {
    ReconcileScheduler scheduler = instance(nightly("shop.gone", null), new FakeKnownTables());
    scheduler.fireDue();
    clock.set(TUESDAY_3AM);
    assertThat(scheduler.fireDue()).isZero();
    ScheduleStatus status = scheduler.statuses().get(0);
    assertThat(status.lastOutcome()).isEqualTo(ScheduleOutcome.UNKNOWN_TABLE);
    assertThat(status.lastDetail())
        .contains("'shop.gone'")
        .contains("Known tables: shop.customers, shop.order_lines");
    assertThat(status.nextFireAt()).isEqualTo(TUESDAY_3AM.plus(Duration.ofDays(1)));
    assertThat(runs.recent(null, 10)).isEmpty();
  }

  @Test
  void aDueScheduleWaitsForAnUnreachableSourceAndThenFiresOnce() {
    AtomicBoolean sourceDown = new AtomicBoolean(true);
    KnownTables flaky =
        new FakeKnownTables() {
          @Override
          public Optional<KnownTable> find(String name) {
            if (sourceDown.get()) {
              throw new SourceUnavailableException("Cannot read the source's catalog", null);
            }
            return super.find(name);
          }
        };
    ReconcileScheduler scheduler = instance(nightly("shop.customers", null), flaky);
    scheduler.fireDue();
    clock.set(TUESDAY_3AM.plusSeconds(1));
    assertThat(scheduler.fireDue()).isZero();
    assertThat(scheduler.statuses().get(0).nextFireAt()).as("still due").isEqualTo(TUESDAY_3AM);

    sourceDown.set(false);
    clock.set(TUESDAY_3AM.plus(Duration.ofMinutes(7)));
    assertThat(scheduler.fireDue()).isEqualTo(1);
    assertThat(scheduler.fireDue()).isZero();
    assertThat(scheduledRuns()).hasSize(1);
  }

  /** A clock the test moves. */
  private static final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
