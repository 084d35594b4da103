package io.lockstep.runner.quickstart;

import io.lockstep.config.PipelineConfig;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.runner.DiscrepanciesTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineMetrics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The end of the quickstart's verification: waits until the verifier has checked every row it
 * holds, prints its counts and the discrepancies it confirmed, and says whether they are exactly
 * the rows {@code --corrupt} tampered with (none without it).
 */
final class VerifierReport {

  private static final Duration DRAIN_WITHIN = Duration.ofSeconds(120);
  private static final String CUSTOMERS = "shop.customers";

  /** A discrepancy as the comparison sees it: which row, and what kind. */
  private record Finding(String table, String keyJson, Discrepancy.Kind kind) {}

  private final PrintStream out;
  private final PipelineMetrics metrics;
  private final LocalPipeline pipeline;
  private final PipelineConfig config;

  VerifierReport(
      PrintStream out, PipelineMetrics metrics, LocalPipeline pipeline, PipelineConfig config) {
    this.out = out;
    this.metrics = metrics;
    this.pipeline = pipeline;
    this.config = config;
  }

  /**
   * Returns whether the discrepancies are exactly {@code victims} and {@code wanted} rows were
   * tampered with; with {@code judge} false (faults injected), only prints.
   */
  boolean await(List<Corruption.Victim> victims, int wanted, boolean judge)
      throws InterruptedException {
    Set<Finding> expected = new HashSet<>();
    victims.forEach(v -> expected.add(new Finding(CUSTOMERS, v.keyJson(), v.expected())));
    out.println("Waiting for the verifier to check the last changes...");
    long deadline = System.nanoTime() + DRAIN_WITHIN.toNanos();
    List<Discrepancy> found = List.of();
    PipelineMetrics.VerifierSnapshot counts = metrics.readVerifier(pipeline);
    while (System.nanoTime() < deadline) {
      found = read();
      counts = metrics.readVerifier(pipeline);
      if (counts.pending() == 0 && findings(found).containsAll(expected)) {
        break;
      }
      // Polling the verifier's progress while it drains.
      Thread.sleep(1_000);
    }
    out.println("Verifier: " + counts.summary());
    found.stream()
        .limit(40)
        .forEach(
            d ->
                out.printf(
                    "  discrepancy: %s %s %s%s%n",
                    d.table(),
                    d.keyJson(),
                    d.kind().name().toLowerCase(),
                    d.columns().isEmpty() ? "" : " " + columns(d)));
    if (!judge) {
      return true;
    }
    Set<Finding> reported = findings(found);
    boolean exact = reported.equals(expected) && victims.size() == wanted;
    if (wanted > 0) {
      out.printf(
          "%s: %d of %d rows tampered with, %d reported by the verifier, %d of them as tampered%n",
          exact ? "CORRUPTION FOUND EXACTLY" : "CORRUPTION NOT FOUND EXACTLY",
          victims.size(),
          wanted,
          reported.size(),
          reported.stream().filter(expected::contains).count());
    } else if (!exact) {
      out.println("DISCREPANCIES: the verifier reported rows that differ (see above).");
    }
    return exact;
  }

  private List<Discrepancy> read() {
    return DiscrepanciesTopic.readAll(config);
  }

  private static Set<Finding> findings(List<Discrepancy> discrepancies) {
    Set<Finding> findings = new HashSet<>();
    discrepancies.forEach(d -> findings.add(new Finding(d.table(), d.keyJson(), d.kind())));
    return findings;
  }

  private static String columns(Discrepancy discrepancy) {
    StringBuilder text = new StringBuilder();
    for (Discrepancy.ColumnDifference column : discrepancy.columns()) {
      text.append(column.column())
          .append(": source ")
          .append(column.source())
          .append(", target ")
          .append(column.target())
          .append("; ");
    }
    return text.substring(0, text.length() - 2);
  }
}
