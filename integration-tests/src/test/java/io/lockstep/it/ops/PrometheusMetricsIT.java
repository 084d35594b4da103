package io.lockstep.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineJob;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metrics operators alert on (docs/operations.md) reach Prometheus: the local runner's Flink
 * cluster exports them through Flink's Prometheus reporter, as the quickstart and a production
 * cluster do, with the {@code table} label on the per-table counters.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PrometheusMetricsIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  // Flink's Prometheus reporter writes label values with "_" for ".".
  private static final String TABLE = "table=\"postgres_pm_accounts\"";

  private static EmbeddedStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = STACK.stack();
    Tables.execute(
        stack.source(),
        "CREATE SCHEMA pm",
        "CREATE TABLE pm.accounts (id integer PRIMARY KEY, balance numeric NOT NULL)",
        "INSERT INTO pm.accounts SELECT g, g FROM generate_series(1, 100) g");
    Tables.execute(
        stack.target(),
        "CREATE SCHEMA pm",
        "CREATE TABLE pm.accounts (id integer PRIMARY KEY,"
            + " balance numeric NOT NULL CHECK (balance >= 0))");
    PipelineConfig config =
        QuickstartConfig.of(stack, "metrics", "verify:\n  delay: 2s\n")
            .with(PipelineOptions.SOURCE_TABLES, List.of("pm\\..*"));
    new LocalPipeline(stack.flink(), config).start(EnumSet.allOf(PipelineJob.class));
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "pm", List.of("accounts"), Duration.ofMinutes(2));
    // One row the target refuses: a dead letter to count.
    Tables.execute(stack.source(), "UPDATE pm.accounts SET balance = -1 WHERE id = 1");
  }

  @Test
  void lockstepMetricsAreOnThePrometheusEndpoint() {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              List<String> lines = scrape();
              // Per table: captured, applied, dead-lettered.
              assertThat(lines).anyMatch(l -> sample(l, "lockstepEventsCaptured", TABLE, 100));
              assertThat(lines).anyMatch(l -> sample(l, "lockstepEventsApplied", TABLE, 100));
              assertThat(lines).anyMatch(l -> sample(l, "lockstepRowsDeadLettered", TABLE, 1));
              // Lag, source log, apply batches and retries, verifier, job restarts.
              for (String name :
                  List.of(
                      "lockstepCaptureLagMs",
                      "lockstepApplyLagMs",
                      "lockstepSlotRetainedWalBytes",
                      "lockstepCaptureLagBytes",
                      "lockstepOldestXminAgeTransactions",
                      "lockstepBatchSize",
                      "lockstepFlushTimeMs",
                      "lockstepRetriesInProgress",
                      "lockstepRowsParked",
                      "lockstepVerifyKeysVerified",
                      "lockstepVerifyMismatchesSeen",
                      "lockstepVerifyDiscrepanciesConfirmed",
                      "lockstepVerifyMismatchesCleared",
                      "lockstepVerifyLagMs",
                      "flink_jobmanager_job_numRestarts")) {
                assertThat(lines).as(name).anyMatch(l -> l.contains(name));
              }
              // The probe has read the slot: a real figure, not the -1 of "not yet known".
              assertThat(lines)
                  .anyMatch(l -> l.contains("lockstepSlotRetainedWalBytes") && value(l) >= 0);
            });
  }

  /** A sample line of {@code name} with {@code label} and a value of at least {@code atLeast}. */
  private static boolean sample(String line, String name, String label, double atLeast) {
    return line.contains(name) && line.contains(label) && value(line) >= atLeast;
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  private static List<String> scrape() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(stack.flink().metricsAddress())
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body().lines().filter(l -> !l.startsWith("#")).toList();
  }
}
