package io.lockstep.recovery.service.reconcile;

import io.lockstep.recovery.service.config.RecoveryProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Executes queued reconciliation runs on {@code lockstep.reconcile.workers} threads. A run is taken
 * with {@code SKIP LOCKED}; its worker reports progress (and so renews its claim) at most once a
 * second, and a run whose worker stopped reporting is taken over and resumed from its last
 * checkpoint, by this instance after a restart or by another one.
 */
@Component
class ReconcileWorker implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileWorker.class);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(1);

  private final RunRepository runs;
  private final ObjectProvider<ReconcileRunner> runner;
  private final RecoveryProperties.Reconcile settings;
  private final Counter rowsCompared;
  private final DoubleAdder rowsPerSecond = new DoubleAdder();
  private final String owner;
  private final Clock clock = Clock.systemUTC();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private ExecutorService workers;
  private volatile boolean running;
  private volatile boolean warnedNoRunner;

  ReconcileWorker(
      RunRepository runs,
      ObjectProvider<ReconcileRunner> runner,
      RecoveryProperties properties,
      MeterRegistry meters) {
    this.runs = runs;
    this.runner = runner;
    this.settings = properties.reconcile();
    this.rowsCompared = meters.counter("lockstep.recovery.reconcile.rows");
    meters.gauge("lockstep.recovery.reconcile.rows.per.second", rowsPerSecond, DoubleAdder::sum);
    this.owner = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public void start() {
    running = true;
    workers =
        Executors.newFixedThreadPool(
            settings.workers(),
            r -> {
              Thread thread = new Thread(r, "lockstep-reconcile-worker");
              thread.setDaemon(true);
              return thread;
            });
    for (int i = 0; i < settings.workers(); i++) {
      workers.submit(this::loop);
    }
  }

  @Override
  public void stop() {
    running = false;
    stopRequested.countDown();
    if (workers != null) {
      workers.shutdownNow();
      try {
        workers.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void loop() {
    while (running) {
      boolean worked = false;
      try {
        worked = runNext();
      } catch (RuntimeException e) {
        LOG.warn("Looking for queued reconciliation runs failed: {}", e.toString());
      }
      if (!worked) {
        try {
          stopRequested.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Runs one queued run if there is one; true if it did. */
  boolean runNext() {
    ReconcileRunner engine = runner.getIfAvailable();
    if (engine == null) {
      if (!warnedNoRunner) {
        warnedNoRunner = true;
        LOG.warn("No ReconcileRunner is available in this build; reconciliation runs stay queued");
      }
      return false;
    }
    Instant now = clock.instant();
    Optional<ReconcileRun> claimed = runs.claimNext(owner, now, now.minus(settings.staleAfter()));
    if (claimed.isEmpty()) {
      return false;
    }
    execute(engine, claimed.get());
    return true;
  }

  private void execute(ReconcileRunner engine, ReconcileRun run) {
    LOG.info(
        "Reconciliation run {} of {} ({}, {}){} started",
        run.id(),
        run.table(),
        run.scope(),
        run.mode(),
        run.checkpointJson() == null ? "" : ", resumed from its checkpoint");
    RunProgress progress = new RunProgress(run);
    try {
      ReconcileRunner.Summary summary =
          engine.run(RunRepository.request(run), run.checkpointJson(), progress);
      progress.flush();
      runs.finish(run.id(), RunState.SUCCEEDED, summary, null, clock.instant());
      LOG.info("Reconciliation run {} of {} finished: {}", run.id(), run.table(), summary);
    } catch (RunTakenOverException e) {
      LOG.warn("Reconciliation run {} was taken over by another worker; leaving it", run.id());
    } catch (InterruptedException e) {
      // The service stops; the run stays RUNNING and is resumed once its claim is stale.
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.error("Reconciliation run {} of {} failed", run.id(), run.table(), e);
      runs.finish(run.id(), RunState.FAILED, null, e.toString(), clock.instant());
    } finally {
      progress.close();
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown-host";
    }
  }

  /** Thrown from a progress call when another worker holds the run. */
  private static final class RunTakenOverException extends RuntimeException {
    RunTakenOverException() {
      super("the run is held by another worker", null, false, false);
    }
  }

  /** Writes a run's progress to the store, at most once a second, and measures its pace. */
  private final class RunProgress implements ReconcileRunner.Progress {
    private final ReconcileRun run;
    private long compared;
    private long repaired;
    private String checkpoint;
    private long countedCompared;
    private Instant reportedAt;
    private double rate;

    RunProgress(ReconcileRun run) {
      this.run = run;
      this.compared = run.rowsCompared();
      this.countedCompared = run.rowsCompared();
      this.repaired = run.rowsRepaired();
      this.reportedAt = clock.instant();
    }

    @Override
    public void update(long rowsCompared, long rowsRepaired, String checkpointJson) {
      compared = rowsCompared;
      repaired = rowsRepaired;
      if (checkpointJson != null) {
        checkpoint = checkpointJson;
      }
      if (Duration.between(reportedAt, clock.instant()).compareTo(REPORT_EVERY) >= 0) {
        flush();
      }
    }

    @Override
    public void difference(ReconcileRunner.Difference difference) {
      runs.addDifference(run.id(), difference);
    }

    void flush() {
      Instant now = clock.instant();
      long delta = Math.max(0, compared - countedCompared);
      rowsCompared.increment(delta);
      long millis = Math.max(1, Duration.between(reportedAt, now).toMillis());
      rowsPerSecond.add(-rate);
      rate = delta * 1000.0 / millis;
      rowsPerSecond.add(rate);
      countedCompared = compared;
      reportedAt = now;
      if (!runs.progress(run.id(), owner, compared, repaired, checkpoint, now)) {
        throw new RunTakenOverException();
      }
    }

    void close() {
      rowsPerSecond.add(-rate);
      rate = 0;
    }
  }
}
