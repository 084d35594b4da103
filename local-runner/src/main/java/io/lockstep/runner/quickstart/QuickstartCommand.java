package io.lockstep.runner.quickstart;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.failure.FailedRow;
import io.lockstep.runner.FailedRowsTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineJob;
import io.lockstep.runner.PipelineMetrics;
import io.lockstep.runner.compare.RowByRowComparator;
import io.lockstep.runner.compare.TableComparison;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.recovery.HostedRecoveryService;
import io.lockstep.runner.schema.SchemaBootstrap;
import io.lockstep.types.Engine;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lockstep quickstart}: the whole pipeline on embedded parts, a shop's traffic on the
 * source, and a row-by-row comparison at the end. Exits 0 only when source and target match.
 *
 * <p>Longer than our usual 400 lines: it is the quickstart's script, read top to bottom by someone
 * learning Lockstep (start the stack, load, write traffic, corrupt, verify, repair, report); the
 * parts that are more than a step of the script live beside it ({@code DemoWorkload}, {@code
 * Corruption}, {@code VerifierReport}, {@code RepairReport}).
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Lockstep end to end on embedded parts: a source and a target database (PostgreSQL"
          + " or MariaDB, see --source and --target), an in-process Kafka broker and a Flink"
          + " MiniCluster.",
      "Writes a shop's traffic to the source, prints progress, then waits for the target to catch"
          + " up and compares every table row by row. Exits 0 only when they match."
    })
public final class QuickstartCommand implements Callable<Integer> {

  @Option(
      names = "--seconds",
      description = "How long to write traffic; default: until Ctrl-C.",
      paramLabel = "N")
  Integer seconds;

  @Option(
      names = "--source",
      defaultValue = "postgres",
      description = "Source engine: postgres or mariadb (default: ${DEFAULT-VALUE}).")
  String sourceEngine;

  @Option(
      names = "--target",
      defaultValue = "postgres",
      description = "Target engine: postgres or mariadb (default: ${DEFAULT-VALUE}).")
  String targetEngine;

  @Option(
      names = "--rate",
      defaultValue = "200",
      description = "Source transactions per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--web-port",
      defaultValue = "8081",
      description = "Port of the Flink web UI; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int webPort;

  @Option(
      names = "--chaos",
      description =
          "Adds faults to the demo: restarts the target database, kills the Flink task manager"
              + " and writes rows the target refuses. Needs --seconds.")
  boolean chaos;

  @Option(
      names = "--corrupt",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Tampers with N target rows halfway through the traffic (updates, deletes, stray"
              + " inserts) and succeeds only if the verifier reports exactly those rows.")
  int corrupt;

  @Option(
      names = "--repair",
      description =
          "Lets the recovery service repair what the verifier reports (tier 1: each row re-read"
              + " from the source and force-synced %ds after its discrepancy arrives). With"
              + " --corrupt, succeeds only if every tampered row is repaired and the whole"
              + " target matches the source row by row.")
  boolean repair;

  @Option(
      names = "--admin-port",
      defaultValue = "8090",
      description =
          "Port of the recovery service's admin API; 0 picks a free one (default:"
              + " ${DEFAULT-VALUE}).")
  int adminPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "9249",
      description =
          "Port of the Prometheus endpoint (Flink's reporter: every job metric, Lockstep's"
              + " included); 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--catch-up-timeout",
      defaultValue = "180",
      description = "Seconds to wait for the target to catch up (default: ${DEFAULT-VALUE}).")
  int catchUpTimeoutSeconds;

  /** The demo's verification delay: short, so that the run shows its results. */
  private static final Duration VERIFY_DELAY = Duration.ofSeconds(5);

  /** The demo's tier-1 delay with --repair (5 minutes in production). */
  private static final Duration RETRY_DELAY = Duration.ofSeconds(5);

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (seconds != null && seconds < 1) {
      out.println("--seconds must be at least 1, but was " + seconds);
      return 2;
    }
    Engine source;
    Engine target;
    try {
      source = Engine.fromConfig(sourceEngine);
      target = Engine.fromConfig(targetEngine);
    } catch (IllegalArgumentException e) {
      out.println("--source/--target: " + e.getMessage());
      return 2;
    }
    if (chaos && !(DemoDialect.of(source).runsChaos() && DemoDialect.of(target).runsChaos())) {
      out.println("--chaos runs on the PostgreSQL to PostgreSQL route only");
      return 2;
    }
    if (corrupt < 0) {
      out.println("--corrupt must be 0 or more, but was " + corrupt);
      return 2;
    }
    if (corrupt > 0 && chaos) {
      out.println(
          "--corrupt expects exactly the tampered rows to be reported, which --chaos's refused"
              + " rows would spoil: use one or the other");
      return 2;
    }
    if (chaos && seconds == null) {
      out.println("--chaos schedules its faults over the traffic's duration: give --seconds N");
      return 2;
    }
    AtomicBoolean stopWriting = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              interrupted.set(true);
              stopWriting.set(true);
              try {
                // Let the main thread catch up, compare and print before the JVM exits.
                finished.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "lockstep-quickstart-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int code;
    try {
      code = run(stopWriting, source, target);
    } finally {
      finished.countDown();
    }
    if (interrupted.get()) {
      // The JVM is already shutting down on Ctrl-C; only halt can still set the exit status.
      out.flush();
      Runtime.getRuntime().halt(code);
    }
    Runtime.getRuntime().removeShutdownHook(hook);
    return code;
  }

  private int run(AtomicBoolean stopWriting, Engine sourceEngine, Engine targetEngine)
      throws Exception {
    out.println(
        "Lockstep quickstart: starting embedded "
            + sourceEngine.configName()
            + " (source), "
            + targetEngine.configName()
            + " (target), Kafka and Flink...");
    try (EmbeddedStack stack =
        EmbeddedStack.start(webPort, sourceEngine, targetEngine, metricsPort)) {
      out.println("  Flink web UI:     " + stack.flink().restAddress());
      out.println("  Prometheus:       " + stack.flink().metricsAddress());
      out.println("  source database:  " + stack.source().jdbcUrl());
      out.println("  target database:  " + stack.target().jdbcUrl());
      out.println("  Kafka:            " + stack.kafka().bootstrapServers());

      try (Connection source = stack.source().connect();
          Connection target = stack.target().connect()) {
        DemoSchema.create(source, sourceEngine);
        PipelineConfig config =
            QuickstartConfig.of(
                stack, "quickstart", "verify:\n  delay: " + VERIFY_DELAY.toSeconds() + "s\n");
        // The target tables come from the source's through the type mapping, as
        // `lockstep schema --apply` creates them.
        SchemaBootstrap.apply(config, SchemaBootstrap.plan(config, source));
        ChaosSchedule faults = chaos ? new ChaosSchedule(stack, out) : null;
        if (chaos) {
          try (Statement statement = target.createStatement()) {
            statement.execute(ChaosSchedule.targetConstraint());
          }
        }
        DemoWorkload workload = new DemoWorkload(source, sourceEngine, 42);
        workload.seed(300);
        out.println(
            "Demo schema 'shop' created on the source and, through the type mapping, on the"
                + " target; "
                + workload.rowChanges()
                + " rows seeded on the source (the initial snapshot will copy them).");

        LocalPipeline pipeline =
            new LocalPipeline(stack.flink(), config).start(EnumSet.allOf(PipelineJob.class));
        try (HostedRecoveryService recovery =
            HostedRecoveryService.start(
                config, adminPort, stack.flink().restAddress(), repair ? RETRY_DELAY : null)) {
          printRecoveryService(recovery);
          PipelineMetrics metrics = new PipelineMetrics(stack.flink().restAddress());
          Corruption corruption = new Corruption(stack, out);
          out.println(
              "Capture, apply and verify jobs submitted (the verifier checks each row "
                  + VERIFY_DELAY.toSeconds()
                  + "s after its change). Writing traffic to the source "
                  + (seconds == null ? "until Ctrl-C" : "for " + seconds + "s")
                  + "...");

          if (faults != null) {
            faults.start(Duration.ofSeconds(seconds));
          }
          writeTraffic(workload, metrics, pipeline, stopWriting, corruption);
          boolean faultsRan = faults == null || faults.finish();
          out.printf(
              "Traffic stopped after %d transactions (%d row changes). Waiting for the target"
                  + " to catch up...%n",
              workload.transactions(), workload.rowChanges());

          Set<List<String>> deadLettered =
              faults == null ? Set.of() : deadLettered(stack, config, faults.poisonKeys());
          Set<List<String>> leftOut = new HashSet<>(deadLettered);
          if (!repair) {
            corruption.victims().forEach(v -> leftOut.add(List.of(Long.toString(v.id()))));
          }
          List<TableComparison> result = awaitMatch(stack, metrics, pipeline, leftOut);
          out.println("Row-by-row comparison of source and target:");
          result.forEach(r -> out.println("  " + r));
          boolean match = result.stream().allMatch(TableComparison::matches);
          if (faults != null) {
            out.printf(
                "  %d poison rows injected, %d found in %s.failed-rows and left out of the"
                    + " comparison%n",
                faults.poisonKeys().size(), deadLettered.size(), config.topicPrefix());
            match &= faultsRan && deadLettered.size() == faults.poisonKeys().size();
          }
          if (!corruption.victims().isEmpty() && !repair) {
            out.printf(
                "  %d rows tampered with by --corrupt left out of the comparison%n",
                corruption.victims().size());
          }
          out.println(
              match
                  ? "MATCH: every table on the target is identical to the source."
                  : "MISMATCH: the target differs from the source (see above).");
          boolean verified =
              new VerifierReport(out, metrics, pipeline, config)
                  .await(corruption.victims(), corrupt, faults == null);
          boolean repaired =
              !repair
                  || new RepairReport(out, recovery.apiAddress(), recovery.token())
                      .await(corruption.victims());
          return match && verified && repaired ? 0 : 1;
        }
      }
    }
  }

  private void printRecoveryService(HostedRecoveryService recovery) {
    out.println("  admin API:        " + recovery.apiAddress() + " (recovery service)");
    out.println("  admin token:      " + recovery.token() + " (operator, this run only)");
    out.println(
        "    e.g. curl -H 'Authorization: Bearer "
            + recovery.token()
            + "' "
            + recovery.apiAddress()
            + "/discrepancies");
    out.println(
        repair
            ? "  The recovery service re-syncs each failed row and discrepancy "
                + RETRY_DELAY.toSeconds()
                + "s after it arrives (--repair)."
            : "  The recovery service collects failed rows and discrepancies; retry them through"
                + " the API, or run with --repair to let it re-sync them by itself.");
  }

  /**
   * The poison rows that the target refused and the pipeline dead-lettered, as comparison keys.
   * Waits up to a minute for them to show up in the failed-rows topic.
   */
  private static Set<List<String>> deadLettered(
      EmbeddedStack stack, PipelineConfig config, List<Long> poisonKeys) {
    Set<List<String>> found = new HashSet<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (found.size() < poisonKeys.size() && System.nanoTime() < deadline) {
      for (FailedRow row :
          FailedRowsTopic.readAll(
              stack.kafka().bootstrapServers(), PipelineTopics.failedRows(config.topicPrefix()))) {
        for (Long key : poisonKeys) {
          if (row.kind() == FailedRow.Kind.REJECTED
              && row.keyJson().equals("{\"id\":" + key + "}")) {
            found.add(List.of(key.toString()));
          }
        }
      }
    }
    return found;
  }

  private void writeTraffic(
      DemoWorkload workload,
      PipelineMetrics metrics,
      LocalPipeline pipeline,
      AtomicBoolean stopWriting,
      Corruption corruption)
      throws Exception {
    long start = System.nanoTime();
    long end = seconds == null ? Long.MAX_VALUE : start + Duration.ofSeconds(seconds).toNanos();
    long corruptAt =
        corrupt == 0
            ? Long.MAX_VALUE
            : start + Duration.ofSeconds(seconds == null ? 30 : Math.max(1, seconds / 2)).toNanos();
    long nextReport = start + Duration.ofSeconds(5).toNanos();
    long interval = 1_000_000_000L / Math.max(1, rate);
    long nextStep = start;
    while (!stopWriting.get() && System.nanoTime() < end) {
      long now = System.nanoTime();
      if (now < nextStep) {
        // Pacing the demo traffic to --rate, not synchronising with anything.
        Thread.sleep(Math.max(1, (nextStep - now) / 1_000_000));
        continue;
      }
      workload.step();
      nextStep += interval;
      if (now >= corruptAt) {
        corruptAt = Long.MAX_VALUE;
        // Rows without a pending check: their next check is for the demo's own change.
        corruption.tamper(workload.retireQuietCustomers(corrupt, VERIFY_DELAY.plusSeconds(5)));
        nextStep = System.nanoTime();
      }

      if (now >= nextReport) {
        report(
            (now - start) / 1_000_000_000L,
            workload,
            metrics.read(pipeline),
            metrics.readVerifier(pipeline));
        nextReport += Duration.ofSeconds(5).toNanos();
      }
    }
  }

  private void report(
      long second,
      DemoWorkload workload,
      PipelineMetrics.Snapshot snapshot,
      PipelineMetrics.VerifierSnapshot verifier) {
    out.printf(
        "  t=%3ds  source changes=%-7d captured=%-7s applied=%-7s apply lag=%s  verified=%s"
            + " discrepancies=%s%n",
        second,
        workload.rowChanges(),
        orDash(snapshot.captured()),
        orDash(snapshot.applied()),
        snapshot.applyLagMillis() < 0 ? "-" : snapshot.applyLagMillis() + "ms",
        orDash(verifier.verified()),
        orDash(verifier.confirmed()));
  }

  private static String orDash(long value) {
    return value < 0 ? "-" : Long.toString(value);
  }

  private List<TableComparison> awaitMatch(
      EmbeddedStack stack,
      PipelineMetrics metrics,
      LocalPipeline pipeline,
      Set<List<String>> deadLetteredCustomers)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(catchUpTimeoutSeconds).toNanos();
    long nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      List<TableComparison> result = new ArrayList<>();
      // Fresh connections each round: a fault may have restarted the target.
      try (Connection source = stack.source().connect();
          Connection target = stack.target().connect()) {
        for (String table : DemoSchema.TABLES) {
          result.add(
              RowByRowComparator.compare(
                  new RowByRowComparator.Side(
                      source, stack.source().engine(), DemoSchema.SCHEMA, table),
                  new RowByRowComparator.Side(
                      target, stack.target().engine(), DemoSchema.SCHEMA, table),
                  List.of(),
                  table.equals("customers") ? deadLetteredCustomers : Set.of()));
        }
      }
      if (result.stream().allMatch(TableComparison::matches) || System.nanoTime() > deadline) {
        return result;
      }
      if (System.nanoTime() > nextReport) {
        PipelineMetrics.Snapshot snapshot = metrics.read(pipeline);
        out.printf(
            "  catching up: captured=%s applied=%s%n",
            orDash(snapshot.captured()), orDash(snapshot.applied()));
        nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      }
      // Polling interval between comparisons while the target catches up.
      Thread.sleep(1_000);
    }
  }
}
