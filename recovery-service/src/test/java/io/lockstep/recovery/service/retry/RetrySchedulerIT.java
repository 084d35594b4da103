package io.lockstep.recovery.service.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.item.IncomingRecord;
import io.lockstep.recovery.service.item.Item;
import io.lockstep.recovery.service.item.ItemAttempt;
import io.lockstep.recovery.service.item.ItemKind;
import io.lockstep.recovery.service.item.ItemRepository;
import io.lockstep.recovery.service.item.ItemState;
import io.lockstep.recovery.service.item.RecordText;
import io.lockstep.recovery.service.reconcile.ReconcileMode;
import io.lockstep.recovery.service.reconcile.ReconcileRun;
import io.lockstep.recovery.service.reconcile.ReconcileRunRequest;
import io.lockstep.recovery.service.reconcile.ReconcileRuns;
import io.lockstep.recovery.service.reconcile.RunRepository;
import io.lockstep.recovery.service.reconcile.RunState;
import io.lockstep.recovery.service.support.TestStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Tier 1 on the real store, with a scripted re-sync in place of ForceSync. */
class RetrySchedulerIT {

  private static final Duration DELAY = Duration.ofMillis(50);
  private static TestStore store;
  private static ItemRepository items;
  private static RunRepository runs;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeAll
  static void startStore() throws Exception {
    store = TestStore.start();
    items = new ItemRepository(store.jdbc());
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

  private RetryScheduler scheduler(RowResync resync, int maxAttempts, int batchSize) {
    RecoveryProperties properties =
        new RecoveryProperties(
            null,
            new RecoveryProperties.Flink(null, Duration.ofSeconds(5)),
            new RecoveryProperties.Retry(
                true,
                DELAY,
                maxAttempts,
                2.0,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                batchSize,
                Duration.ofMinutes(2)),
            new RecoveryProperties.Ingest(false, Duration.ofSeconds(1)),
            new RecoveryProperties.Reconcile(1, Duration.ofSeconds(5), Duration.ofMinutes(2)),
            new RecoveryProperties.Api(null),
            new RecoveryProperties.Cutover(1000));
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    beans.registerSingleton("resync", resync);
    return new RetryScheduler(
        items,
        beans.getBeanProvider(RowResync.class),
        new ReconcileRuns(runs),
        new TransactionTemplate(new DataSourceTransactionManager(store.dataSource())),
        properties,
        meters);
  }

  private static Item arrive(int id) {
    IncomingRecord record =
        new IncomingRecord(
            "shop.customers",
            "{\"id\":" + id + "}",
            ItemKind.REJECTED,
            "lockstep.failed-rows",
            0,
            id,
            "pg:1:00:0" + id,
            Instant.now().minusSeconds(60),
            "apply: rejected",
            RecordText.text("{}"));
    items.upsert(record, record.at().plus(DELAY), ItemState.PENDING);
    return items.find("shop.customers", record.keyJson()).orElseThrow();
  }

  private static ItemState state(Item item) {
    return items.find(item.id()).orElseThrow().state();
  }

  @Test
  void aRowThatBecomesConsistentResolvesItsItemAfterBackingOff() {
    AtomicInteger calls = new AtomicInteger();
    List<String> positions = Collections.synchronizedList(new ArrayList<>());
    RetryScheduler scheduler =
        scheduler(
            (table, key, position) -> {
              positions.add(position);
              return calls.incrementAndGet() < 3
                  ? ResyncOutcome.failed("source unreachable")
                  : new ResyncOutcome(true, "UPSERTED", "written with origin F");
            },
            5,
            10);
    Item item = arrive(1);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              scheduler.runOnce();
              return state(item) == ItemState.RESOLVED;
            });

    Item resolved = items.find(item.id()).orElseThrow();
    assertThat(resolved.attempts()).isEqualTo(3);
    assertThat(resolved.resolution()).isEqualTo("re-synced at attempt 3 (UPSERTED)");
    assertThat(positions).containsOnly("pg:1:00:01");
    List<ItemAttempt> attempts = items.attempts(item.id());
    assertThat(attempts)
        .extracting(ItemAttempt::outcome)
        .containsExactly("FAILED", "FAILED", "UPSERTED");
    // Backing off: 50 ms × 2 after the first attempt, × 4 after the second.
    assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(meters.counter("lockstep.recovery.attempts", "outcome", "failed").count())
        .isEqualTo(2);
    assertThat(meters.counter("lockstep.recovery.attempts", "outcome", "resolved").count())
        .isEqualTo(1);
  }

  @Test
  void afterTheLastAttemptTheItemIsEscalatedToAReconciliationOfItsKey() {
    RetryScheduler scheduler =
        scheduler(
            (table, key, position) -> {
              throw new IllegalStateException("target refuses the row");
            },
            3,
            10);
    Item item = arrive(2);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              scheduler.runOnce();
              return state(item) == ItemState.ESCALATED;
            });

    Item escalated = items.find(item.id()).orElseThrow();
    assertThat(escalated.attempts()).isEqualTo(3);
    assertThat(escalated.lastError()).contains("target refuses the row");
    assertThat(escalated.nextAttemptAt()).isNull();
    List<ReconcileRun> queued = runs.recent("shop.customers", 10);
    assertThat(queued).hasSize(1);
    assertThat(queued.get(0).state()).isEqualTo(RunState.QUEUED);
    assertThat(queued.get(0).requestedBy()).isEqualTo("system:retry");
    assertThat(RunRepository.request(queued.get(0)))
        .isEqualTo(
            ReconcileRunRequest.keys(
                "shop.customers", List.of("{\"id\":2}"), ReconcileMode.REPAIR));
    assertThat(scheduler.runOnce()).as("an escalated item is not retried").isZero();
  }

  @Test
  void twoInstancesNeverTakeTheSameItem() throws Exception {
    for (int i = 1; i <= 4; i++) {
      arrive(i);
    }
    List<String> tried = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch firstInstanceBusy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RetryScheduler first =
        scheduler(
            (table, key, position) -> {
              tried.add(key);
              firstInstanceBusy.countDown();
              release.await(20, TimeUnit.SECONDS);
              return new ResyncOutcome(true, "ALREADY_CONSISTENT", null);
            },
            5,
            2);
    RetryScheduler second =
        scheduler(
            (table, key, position) -> {
              tried.add(key);
              return new ResyncOutcome(true, "UPSERTED", null);
            },
            5,
            2);

    CompletableFuture<Integer> firstPass = CompletableFuture.supplyAsync(first::runOnce);
    assertThat(firstInstanceBusy.await(20, TimeUnit.SECONDS)).isTrue();
    // The first instance holds two items; the second takes the other two and then finds none.
    assertThat(second.runOnce()).isEqualTo(2);
    assertThat(second.runOnce()).isZero();
    release.countDown();
    assertThat(firstPass.get(20, TimeUnit.SECONDS)).isEqualTo(2);

    assertThat(tried).hasSize(4).doesNotHaveDuplicates();
    assertThat(
            store
                .jdbc()
                .sql("SELECT count(*) FROM lockstep_recovery.item WHERE state = 'RESOLVED'")
                .query(Long.class)
                .single())
        .isEqualTo(4);
  }
}
