package io.lockstep.recovery.service.retry;

import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.item.Item;
import io.lockstep.recovery.service.item.ItemRepository;
import io.lockstep.recovery.service.item.ItemState;
import io.lockstep.recovery.service.reconcile.ReconcileMode;
import io.lockstep.recovery.service.reconcile.ReconcileRunRequest;
import io.lockstep.recovery.service.reconcile.ReconcileRuns;
import io.lockstep.retry.Backoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tier 1: takes the items that are due, re-syncs each row, and records what happened. A consistent
 * row resolves its item; a failed attempt schedules the next one with back-off; after the last
 * attempt the item is escalated and its key queued for a reconciliation (tier 2). Items are taken
 * with {@code FOR UPDATE SKIP LOCKED} and a lease, so several instances never try one item at once.
 */
@Service
public class RetryScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(RetryScheduler.class);
  static final String ACTOR = "system:retry";

  private final ItemRepository items;
  private final ObjectProvider<RowResync> resync;
  private final ReconcileRuns reconcile;
  private final TransactionTemplate transactions;
  private final RecoveryProperties.Retry settings;
  private final Backoff backoff;
  private final MeterRegistry meters;
  private final Clock clock;
  private volatile boolean warnedNoResync;

  public RetryScheduler(
      ItemRepository items,
      ObjectProvider<RowResync> resync,
      ReconcileRuns reconcile,
      TransactionTemplate transactions,
      RecoveryProperties properties,
      MeterRegistry meters) {
    this.items = items;
    this.resync = resync;
    this.reconcile = reconcile;
    this.transactions = transactions;
    this.settings = properties.retry();
    this.backoff =
        new Backoff(settings.delay(), settings.backoffMultiplier(), settings.maxBackoff());
    this.meters = meters;
    this.clock = Clock.systemUTC();
  }

  /**
   * One pass: takes up to {@code lockstep.retry.batch-size} due items and tries each.
   *
   * @return how many items were tried
   */
  public int runOnce() {
    RowResync port = resync.getIfAvailable();
    if (port == null) {
      if (!warnedNoResync) {
        warnedNoResync = true;
        LOG.warn("No RowResync is available in this build; items are not retried automatically");
      }
      return 0;
    }
    Instant now = clock.instant();
    List<Item> taken =
        transactions.execute(
            status -> items.claimDue(now, now.plus(settings.lease()), settings.batchSize()));
    if (taken == null || taken.isEmpty()) {
      return 0;
    }
    Map<String, List<Item>> escalated = new LinkedHashMap<>();
    for (Item item : taken) {
      if (attempt(port, item)) {
        escalated.computeIfAbsent(item.table(), t -> new ArrayList<>()).add(item);
      }
    }
    escalated.forEach(this::escalate);
    return taken.size();
  }

  /** Tries one taken item; true if it was escalated. */
  private boolean attempt(RowResync port, Item item) {
    ResyncOutcome outcome;
    try {
      outcome = port.resync(item.table(), item.keyJson(), item.position());
      if (outcome == null) {
        outcome = ResyncOutcome.failed("the re-sync returned nothing");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = ResyncOutcome.failed("interrupted");
    } catch (Exception e) {
      outcome = ResyncOutcome.failed(e.toString());
    }
    Instant now = clock.instant();
    ResyncOutcome result = outcome;
    if (result.consistent()) {
      meters.counter("lockstep.recovery.attempts", "outcome", "resolved").increment();
      record(
          item,
          result,
          now,
          ItemState.RESOLVED,
          null,
          "re-synced at attempt " + item.attempts() + " (" + result.action() + ")");
      LOG.info(
          "Item {} ({} key {}) resolved at attempt {}",
          item.id(),
          item.table(),
          item.keyJson(),
          item.attempts());
      return false;
    }
    if (item.attempts() >= settings.maxAttempts()) {
      meters.counter("lockstep.recovery.attempts", "outcome", "escalated").increment();
      boolean finished = record(item, result, now, ItemState.ESCALATED, null, null);
      LOG.warn(
          "Item {} ({} key {}) still differs after {} attempts; escalated to reconciliation",
          item.id(),
          item.table(),
          item.keyJson(),
          item.attempts());
      return finished;
    }
    meters.counter("lockstep.recovery.attempts", "outcome", "failed").increment();
    record(item, result, now, ItemState.PENDING, now.plus(backoff.after(item.attempts())), null);
    return false;
  }

  /** The attempt and the item's new state, together. */
  private boolean record(
      Item item,
      ResyncOutcome outcome,
      Instant now,
      ItemState state,
      Instant nextAttemptAt,
      String resolution) {
    Boolean finished =
        transactions.execute(
            status -> {
              items.recordAttempt(
                  item.id(), item.attempts(), now, outcome.action(), outcome.detail());
              return items.finish(
                  item,
                  state,
                  nextAttemptAt,
                  outcome.consistent() ? null : outcome.detail(),
                  resolution);
            });
    return Boolean.TRUE.equals(finished);
  }

  private void escalate(String table, List<Item> escalated) {
    try {
      ReconcileRunRequest request =
          ReconcileRunRequest.keys(
              table, escalated.stream().map(Item::keyJson).toList(), ReconcileMode.REPAIR);
      long run =
          reconcile.queue(
              request,
              ACTOR,
              "escalated items "
                  + escalated.stream().map(i -> Long.toString(i.id())).toList()
                  + " after "
                  + settings.maxAttempts()
                  + " attempts");
      LOG.info(
          "Queued reconciliation run {} for {} escalated keys of {}", run, escalated.size(), table);
    } catch (RuntimeException e) {
      LOG.error("Could not queue the reconciliation of escalated items of {}", table, e);
    }
  }
}
