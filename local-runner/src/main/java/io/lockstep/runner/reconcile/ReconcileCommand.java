package io.lockstep.runner.reconcile;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.recovery.reconcile.Difference;
import io.lockstep.recovery.reconcile.ForceSyncRepair;
import io.lockstep.recovery.reconcile.ReconcileCheckpoint;
import io.lockstep.recovery.reconcile.ReconcileListener;
import io.lockstep.recovery.reconcile.ReconcileProgress;
import io.lockstep.recovery.reconcile.ReconcileRequest;
import io.lockstep.recovery.reconcile.ReconcileResult;
import io.lockstep.recovery.reconcile.Reconciler;
import io.lockstep.recovery.reconcile.RepairOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep reconcile --config FILE --table T [--repair] [--rows-per-second N]}: compares a
 * table on source and target by checksum bisection and prints every difference; with {@code
 * --repair}, force-syncs the differing rows. Exit code 0 when no difference remains, 1 when some
 * do, 2 for bad input.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Compares a source table with its target table by checksum bisection"
          + " (docs/reconciliation.md) and prints every row that differs: MISSING (source only),"
          + " UNEXPECTED (target only), DIFFERENT (with the columns).",
      "With --repair, force-syncs each differing row from the source.",
      "Exit code: 0 when no difference remains, 1 when some do, 2 for bad input."
    })
public final class ReconcileCommand implements Callable<Integer> {

  private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

  @Option(names = "--config", required = true, description = "The pipeline file (YAML).")
  Path config;

  @Option(
      names = "--table",
      required = true,
      description = "The source table: schema.table (database.table on MariaDB/MySQL).")
  String table;

  @Option(names = "--repair", description = "Force-sync the rows that differ (default: dry run).")
  boolean repair;

  @Option(
      names = "--rows-per-second",
      defaultValue = "0",
      description = "Scan at most this many rows per second on each side (default 0: no limit).")
  long rowsPerSecond;

  @Option(
      names = "--columns",
      split = ",",
      description = "Compare only these columns (and the key), e.g. a column added late.")
  List<String> columns = List.of();

  @Spec CommandSpec spec;

  private final Function<String, String> environment;

  public ReconcileCommand() {
    this(System::getenv);
  }

  /** With the environment that holds the pipeline's password variables. */
  public ReconcileCommand(Function<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (rowsPerSecond < 0) {
      err.println(
          "lockstep reconcile: --rows-per-second must be 0 (no limit) or positive, not "
              + rowsPerSecond);
      return 2;
    }
    PipelineConfig pipeline = new PipelineConfigLoader(environment).load(config);
    ReconcileRequest request;
    try {
      request =
          ReconcileRequest.builder(table)
              .repair(repair)
              .rowsPerSecond(rowsPerSecond)
              .columns(columns)
              .build();
    } catch (IllegalArgumentException e) {
      err.println("lockstep reconcile: " + e.getMessage());
      return 2;
    }
    ReconcileResult result;
    try (Reconciler reconciler = Reconciler.open(pipeline);
        ForceSyncRepair forceSync = repair ? ForceSyncRepair.open(pipeline) : null) {
      result = reconciler.run(request, forceSync, new Printer(out), ReconcileCheckpoint.NONE);
    } catch (IllegalArgumentException e) {
      err.println("lockstep reconcile: " + e.getMessage());
      return 2;
    }
    report(out, result);
    out.flush();
    return result.consistent() ? 0 : 1;
  }

  private static void report(PrintWriter out, ReconcileResult result) {
    for (Difference d : result.differences()) {
      out.println(line(d));
    }
    for (RepairOutcome outcome : result.repairs()) {
      out.println(
          "repair "
              + result.table()
              + " key "
              + outcome.key()
              + " "
              + outcome.action()
              + (outcome.consistent() ? " consistent" : " NOT consistent")
              + (outcome.detail().isEmpty() ? "" : ": " + outcome.detail()));
    }
    if (!result.notOnTarget().isEmpty()) {
      out.println(
          "not compared (missing on the target, pending backfill): " + result.notOnTarget());
    }
    if (!result.comparedInJava().isEmpty()) {
      out.println("compared after fetching rows (no common SQL form): " + result.comparedInJava());
    }
    if (!result.backfilled().isEmpty()) {
      out.println("pending backfill done for columns " + result.backfilled());
    }
    long missing = count(result, Discrepancy.Kind.MISSING);
    long unexpected = count(result, Discrepancy.Kind.UNEXPECTED);
    long different = count(result, Discrepancy.Kind.DIFFERENT);
    out.printf(
        Locale.ROOT,
        "%s: %,d rows compared in %.1f s, %d differences (%d missing, %d unexpected, %d"
            + " different)%s; %s%n",
        result.table(),
        result.rowsCompared(),
        result.elapsed().toMillis() / 1000.0,
        result.differences().size(),
        missing,
        unexpected,
        different,
        result.repair()
            ? ", " + (result.differences().size() - result.unresolved().size()) + " repaired"
            : "",
        result.consistent() ? "consistent" : result.unresolved().size() + " difference(s) remain");
  }

  private static long count(ReconcileResult result, Discrepancy.Kind kind) {
    return result.differences().stream().filter(d -> d.kind() == kind).count();
  }

  /** {@code table key {id=5} DIFFERENT columns price (source 1.5, target 2.5)}. */
  static String line(Difference d) {
    StringBuilder line =
        new StringBuilder(d.table()).append(" key ").append(d.key()).append(' ').append(d.kind());
    if (!d.columns().isEmpty()) {
      line.append(" columns");
      String separator = " ";
      for (Discrepancy.ColumnDifference c : d.columns()) {
        line.append(separator)
            .append(c.column())
            .append(" (source ")
            .append(c.source())
            .append(", target ")
            .append(c.target())
            .append(')');
        separator = ", ";
      }
    }
    return line.toString();
  }

  /** Progress every two seconds. */
  private static final class Printer implements ReconcileListener {
    private final PrintWriter out;
    private long last = System.nanoTime();

    Printer(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void onProgress(ReconcileProgress progress) {
      long now = System.nanoTime();
      if (now - last >= PROGRESS_EVERY_NANOS) {
        last = now;
        out.println("progress " + progress);
        out.flush();
      }
    }
  }
}
