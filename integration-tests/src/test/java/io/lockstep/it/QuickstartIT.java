package io.lockstep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.runner.quickstart.QuickstartCommand;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
                        "150"));

    // While it runs, its Prometheus endpoint serves the pipeline's metrics, per table too.
    URI metrics = URI.create("http://localhost:" + metricsPort + "/metrics");
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(scrape(metrics))
                    .contains(
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
                        "flink_jobmanager_job_numRestarts"));

    assertThat(run.get(6, TimeUnit.MINUTES)).isZero();
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
