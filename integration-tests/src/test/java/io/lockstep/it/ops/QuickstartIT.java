package io.lockstep.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.runner.quickstart.QuickstartCommand;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The quickstart with faults: the target restarts, the task manager dies and poison rows are
 * written, and it still ends with a row-by-row match (exit 0), the poison rows dead-lettered. With
 * {@code --corrupt}, the verifier reports exactly the rows tampered with, and with {@code --repair}
 * the recovery service re-syncs them from the source with no operator (tier 1), so the run ends
 * with every row matching, tampered ones included; meanwhile its Prometheus endpoint serves the
 * pipeline's metrics.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class QuickstartIT {

  @Test
  void chaosQuickstartEndsWithAMatch() {
    int exit =
        new CommandLine(new QuickstartCommand())
            .execute(
                "--seconds",
                "30",
                "--chaos",
                "--web-port",
                "0",
                "--admin-port",
                "0",
                "--rate",
                "150");
    assertThat(exit).isZero();
  }

  @Test
  void corruptedRowsAreReportedExactlyAndRepairedByTheRecoveryService() throws Exception {
    int metricsPort = freePort();
    // A thread of its own: on two cores the common pool has one thread, and any task another test
    // left blocked on it would keep the quickstart from ever starting.
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      corruptedRunServesMetrics(metricsPort, runner);
    } finally {
      runner.shutdownNow();
    }
  }

  private static void corruptedRunServesMetrics(int metricsPort, ExecutorService runner)
      throws Exception {
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () ->
                new CommandLine(new QuickstartCommand())
                    .execute(
                        "--seconds",
                        "30",
                        "--corrupt",
                        "9",
                        "--repair",
                        "--web-port",
                        "0",
                        "--admin-port",
                        "0",
                        "--metrics-port",
                        Integer.toString(metricsPort),
                        "--rate",
                        "150"),
            runner);

    // While it runs, its Prometheus endpoint serves the pipeline's metrics, per table too. The
    // wait ends when the run does, so that a failed run shows its own exit code and output, not
    // a metrics timeout.
    URI metrics = URI.create("http://localhost:" + metricsPort + "/metrics");
    AtomicReference<String> bestScrape = new AtomicReference<>("(no scrape answered)");
    await()
        .atMost(Duration.ofMinutes(6))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> run.isDone() || missingMetrics(scrapeOrError(metrics, bestScrape)).isEmpty());
    List<String> missing = missingMetrics(bestScrape.get());

    assertThat(run.get(6, TimeUnit.MINUTES)).isZero();
    assertThat(missing)
        .as(
            "metrics missing from the quickstart's Prometheus endpoint at %s while it ran; the"
                + " most complete scrape began: %.2000s",
            metrics, bestScrape.get())
        .isEmpty();
  }

  private static final List<String> EXPECTED_METRICS =
      List.of(
          "operator_table_lockstepEventsCaptured{table=\"postgres_shop_orders\"",
          "operator_table_lockstepEventsApplied{table=\"postgres_shop_orders\"",
          "operator_lockstepCaptureLagMs",
          "operator_lockstepApplyLagMs",
          "operator_lockstepSlotRetainedWalBytes",
          "operator_lockstepOldestXminAgeTransactions",
          "operator_lockstepBatchSize",
          "operator_lockstepFlushTimeMs",
          "operator_lockstepRetriesInProgress",
          "operator_lockstepVerifyKeysVerified",
          "flink_jobmanager_job_numRestarts");

  private static List<String> missingMetrics(String scrape) {
    return EXPECTED_METRICS.stream().filter(m -> !scrape.contains(m)).toList();
  }

  /**
   * The endpoint's answer, or the error in its place. {@code best} keeps the answer that lacked the
   * fewest metrics, for the failure message.
   */
  private static String scrapeOrError(URI address, AtomicReference<String> best) {
    String answer;
    try {
      answer = scrape(address);
    } catch (Exception e) {
      answer = "scrape failed: " + e;
    }
    String scraped = answer;
    best.updateAndGet(
        kept -> missingMetrics(scraped).size() <= missingMetrics(kept).size() ? scraped : kept);
    return answer;
  }

  private static String scrape(URI address) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(address).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void corruptionAndChaosAreRefusedTogether() {
    int exit =
        new CommandLine(new QuickstartCommand())
            .execute("--seconds", "30", "--corrupt", "3", "--chaos");
    assertThat(exit).isEqualTo(2);
  }

  @Test
  void chaosWithoutADurationIsRefused() {
    int exit = new CommandLine(new QuickstartCommand()).execute("--chaos");
    assertThat(exit).isEqualTo(2);
  }
}
