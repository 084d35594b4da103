package io.lockstep.recovery.service.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.recovery.service.audit.AuditEntry;
import io.lockstep.recovery.service.audit.AuditLog;
import io.lockstep.recovery.service.pipeline.KnownTable;
import io.lockstep.recovery.service.pipeline.KnownTables;
import io.lockstep.recovery.service.pipeline.SourceUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queues a whole-table run when a schedule of {@code lockstep.reconcile.schedules} is due, as
 * {@code POST /api/v1/reconciliations} would (the table checked against the pipeline's tables, the
 * run queued for the workers), by actor {@value #ACTOR}. Safe with several instances: a due time is
 * taken by moving the schedule's {@code next_fire_at} in the store, which one instance does; the
 * next time is computed from the time it was taken, so times missed while no instance ran fire
 * once. A table with a queued or running run gets no second one: the due time is skipped.
 */
@Service
public class ReconcileScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileScheduler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  // For a cron that no longer comes due; PostgreSQL cannot store Instant.MAX.
  private static final Instant NEVER = Instant.parse("9999-12-31T00:00:00Z");
  static final String ACTOR = "scheduler";

  private final ReconcileSchedules schedules;
  private final ScheduleRepository store;
  private final ReconcileRuns runs;
  private final KnownTables tables;
  private final AuditLog audit;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final Set<String> waitingForSource = ConcurrentHashMap.newKeySet();
  private volatile boolean registered;

  @Autowired
  public ReconcileScheduler(
      ReconcileSchedules schedules,
      ScheduleRepository store,
      ReconcileRuns runs,
      KnownTables tables,
      AuditLog audit,
      TransactionTemplate transactions) {
    this(schedules, store, runs, tables, audit, transactions, Clock.systemUTC());
  }

  ReconcileScheduler(
      ReconcileSchedules schedules,
      ScheduleRepository store,
      ReconcileRuns runs,
      KnownTables tables,
      AuditLog audit,
      TransactionTemplate transactions,
      Clock clock) {
    this.schedules = schedules;
    this.store = store;
    this.runs = runs;
    this.tables = tables;
    this.audit = audit;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * One pass: acts on every schedule that is due.
   *
   * @return how many runs were queued
   */
  public int fireDue() {
    if (schedules.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    register(now);
    Map<String, ReconcileSchedule> byKey = new LinkedHashMap<>();
    schedules.all().forEach(s -> byKey.put(s.key(), s));
    List<ReconcileSchedule> due =
        store.due(byKey.keySet(), now).stream()
            .map(byKey::get)
            .sorted(Comparator.comparingInt(ReconcileSchedule::index))
            .toList();
    int queued = 0;
    for (ReconcileSchedule schedule : due) {
      try {
        if (fire(schedule, now)) {
          queued++;
        }
      } catch (RuntimeException e) {
        // Not taken (the transaction rolled back): the next pass tries again.
        LOG.warn("{} is due, but queueing its run failed: {}", schedule, e.toString());
      }
    }
    return queued;
  }

  /** Stores each schedule with its first due time, once per instance; kept if already stored. */
  private void register(Instant now) {
    if (registered) {
      return;
    }
    for (ReconcileSchedule schedule : schedules.all()) {
      Instant first = schedule.nextAfter(now).orElse(NEVER);
      if (store.register(schedule, first, now)) {
        LOG.info("{} registered; first due at {}", schedule, first);
      }
    }
    registered = true;
  }

  private boolean fire(ReconcileSchedule schedule, Instant now) {
    Optional<KnownTable> known;
    try {
      known = tables.find(schedule.table());
    } catch (SourceUnavailableException e) {
      // Left due: it fires once the source answers, rather than losing this due time.
      if (waitingForSource.add(schedule.key())) {
        LOG.warn(
            "{} is due, but its table cannot be checked: {}. It fires once the source answers.",
            schedule,
            e.getMessage());
      }
      return false;
    }
    waitingForSource.remove(schedule.key());
    Instant next = schedule.nextAfter(now).orElse(NEVER);
    Fired fired = transactions.execute(status -> take(schedule, known, now, next));
    if (fired == null) {
      return false;
    }
    switch (fired.outcome()) {
      case QUEUED ->
          LOG.info(
              "{} due at {}: queued reconciliation run {}; next at {}",
              schedule,
              fired.dueAt(),
              fired.runId(),
              next);
      case SKIPPED_ACTIVE_RUN ->
          LOG.info(
              "{} due at {}: skipped, {}; next at {}",
              schedule,
              fired.dueAt(),
              fired.detail(),
              next);
      case UNKNOWN_TABLE ->
          LOG.error(
              "{} due at {}: no run queued. {}.table: {} Fix the property; next at {}",
              schedule,
              fired.dueAt(),
              schedule.property(),
              fired.detail(),
              next);
    }
    return fired.outcome() == ScheduleOutcome.QUEUED;
  }

  /** Takes the due time and acts on it, in one transaction; null if another instance took it. */
  private Fired take(
      ReconcileSchedule schedule, Optional<KnownTable> known, Instant now, Instant next) {
    Optional<Instant> due = store.claim(schedule.key(), now, next);
    if (due.isEmpty()) {
      return null;
    }
    if (known.isEmpty()) {
      String detail =
          "'"
              + schedule.table()
              + "' is not a table of the source that the pipeline replicates. Known tables: "
              + knownNames()
              + ".";
      store.recordOutcome(schedule.key(), ScheduleOutcome.UNKNOWN_TABLE, detail, null);
      return new Fired(ScheduleOutcome.UNKNOWN_TABLE, due.get(), null, detail);
    }
    String table = known.get().name();
    store.lockTable(table);
    Optional<Long> active = store.activeRun(table);
    if (active.isPresent()) {
      String detail = "run " + active.get() + " of " + table + " is queued or running";
      store.recordOutcome(schedule.key(), ScheduleOutcome.SKIPPED_ACTIVE_RUN, detail, null);
      return new Fired(ScheduleOutcome.SKIPPED_ACTIVE_RUN, due.get(), null, detail);
    }
    long run =
        runs.queue(
            ReconcileRunRequest.table(table, schedule.mode()),
            ACTOR,
            "scheduled by "
                + schedule.property()
                + " ('"
                + schedule.cron()
                + "' "
                + schedule.zone().getId()
                + "), due at "
                + due.get());
    store.recordOutcome(schedule.key(), ScheduleOutcome.QUEUED, null, run);
    audit.record(
        new AuditEntry(
            now,
            ACTOR,
            "SCHEDULE reconciliation",
            table,
            parameters(schedule, due.get(), run),
            202,
            "ok"));
    return new Fired(ScheduleOutcome.QUEUED, due.get(), run, null);
  }

  private String knownNames() {
    try {
      return String.join(", ", tables.names());
    } catch (SourceUnavailableException e) {
      return "(the source's catalog cannot be read)";
    }
  }

  private static String parameters(ReconcileSchedule schedule, Instant due, long run) {
    ObjectNode parameters = JSON.createObjectNode();
    parameters.put("schedule", schedule.property());
    parameters.put("cron", schedule.cron().toString());
    parameters.put("zone", schedule.zone().getId());
    parameters.put("mode", schedule.mode().name());
    parameters.put("dueAt", due.toString());
    parameters.put("run", run);
    return parameters.toString();
  }

  /** Every schedule, in configuration order, with its next due time and the last run it queued. */
  public List<ScheduleStatus> statuses() {
    List<ReconcileSchedule> all = schedules.all();
    Map<String, ScheduleState> stored = new LinkedHashMap<>();
    store
        .find(all.stream().map(ReconcileSchedule::key).toList())
        .forEach(s -> stored.put(s.key(), s));
    Instant now = clock.instant();
    List<ScheduleStatus> statuses = new ArrayList<>();
    for (ReconcileSchedule schedule : all) {
      ScheduleState state = stored.get(schedule.key());
      if (state == null) {
        // Not stored yet (no pass has run): the time it will get.
        statuses.add(
            new ScheduleStatus(
                schedule, schedule.nextAfter(now).orElse(null), null, null, null, null));
        continue;
      }
      ReconcileRun lastRun =
          state.lastRunId() == null ? null : runs.find(state.lastRunId()).orElse(null);
      statuses.add(
          new ScheduleStatus(
              schedule,
              state.nextFireAt(),
              state.lastDueAt(),
              state.lastOutcome(),
              state.lastDetail(),
              lastRun));
    }
    return statuses;
  }

  private record Fired(ScheduleOutcome outcome, Instant dueAt, Long runId, String detail) {}
}
