package io.lockstep.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.failure.FailedRow;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.FailedRowsTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineJob;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import io.lockstep.runner.recovery.HostedRecoveryService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recovery tier 1 with no operator: the whole pipeline (capture, apply, verify) and the recovery
 * service. A target row tampered with is reported by the verifier and re-synced by the service; a
 * row the target refused is re-synced once its cause is fixed, and the apply job's parked key is
 * released by the service's force-sync image, so later partial changes of the row apply again.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class RecoveryTier1IT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedStack stack;
  private static PipelineConfig config;
  private static HostedRecoveryService recovery;

  @BeforeAll
  static void start() throws Exception {
    stack = STACK.stack();
    String table =
        "CREATE TABLE rt.accounts (id integer PRIMARY KEY, balance numeric NOT NULL, note text,"
            + " doc text)";
    Tables.execute(
        stack.source(),
        "CREATE SCHEMA rt",
        table,
        "INSERT INTO rt.accounts SELECT g, g, 'seed', NULL FROM generate_series(1, 50) g");
    Tables.execute(
        stack.target(),
        "CREATE SCHEMA rt",
        table,
        // The target refuses what the source allows: the cause of the dead letter below.
        "ALTER TABLE rt.accounts ADD CONSTRAINT no_overdraft CHECK (balance >= 0)");
    config =
        QuickstartConfig.of(stack, "recovery", "verify:\n  delay: 3s\n")
            .with(PipelineOptions.SOURCE_TABLES, List.of("rt\\..*"));
    new LocalPipeline(stack.flink(), config).start(EnumSet.allOf(PipelineJob.class));
    recovery =
        HostedRecoveryService.start(config, 0, stack.flink().restAddress(), Duration.ofSeconds(2));
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "rt", List.of("accounts"), Duration.ofMinutes(2));
  }

  @AfterAll
  static void stop() throws Exception {
    if (recovery != null) {
      recovery.close();
    }
  }

  @Test
  void tamperedTargetRowIsReportedAndRepairedWithNoOperator() throws Exception {
    Tables.execute(stack.source(), "UPDATE rt.accounts SET note = 'changed' WHERE id = 7");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> count("SELECT count(*) FROM rt.accounts WHERE id = 7 AND note = 'changed'") == 1);
    // Behind replication's back, as a bad script would.
    Tables.execute(stack.target(), "UPDATE rt.accounts SET balance = 999 WHERE id = 7");

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM rt.accounts WHERE id = 7 AND balance = 7"
                            + " AND _lockstep_origin = 'F'")
                    == 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> itemState("/discrepancies", 7).equals("RESOLVED"));
  }

  @Test
  void refusedRowIsResyncedOnceTheTargetTakesItAndItsKeyIsReleased() throws Exception {
    // Refused by the target's constraint: dead-lettered, its key parked. The document is large
    // enough to be stored out of line, so later updates of other columns leave it out.
    Tables.execute(
        stack.source(),
        "INSERT INTO rt.accounts VALUES (100, -5, 'overdrawn',"
            + " (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 2000) g))");
    await().atMost(Duration.ofMinutes(1)).until(() -> failedRows(FailedRow.Kind.REJECTED, 100));

    // The operator fixes the cause; tier 1 does the rest.
    Tables.execute(stack.target(), "ALTER TABLE rt.accounts DROP CONSTRAINT no_overdraft");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM rt.accounts WHERE id = 100 AND balance = -5"
                            + " AND length(doc) = 64000 AND _lockstep_origin = 'F'")
                    == 1);
    await().atMost(Duration.ofMinutes(1)).until(() -> failedRows(FailedRow.Kind.RESOLVED, 100));
    assertThat(itemState("/failed-rows", 100)).isEqualTo("RESOLVED");

    // Released: an update that leaves the document out is applied, not parked.
    Tables.execute(stack.source(), "UPDATE rt.accounts SET balance = 10 WHERE id = 100");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM rt.accounts WHERE id = 100 AND balance = 10"
                            + " AND length(doc) = 64000 AND _lockstep_origin = 'R'")
                    == 1);
    assertThat(failedRows(FailedRow.Kind.PARKED, 100)).isFalse();
  }

  private static long count(String sql) throws Exception {
    return Tables.count(stack.target(), sql);
  }

  private static boolean failedRows(FailedRow.Kind kind, int id) {
    return FailedRowsTopic.readAll(
            stack.kafka().bootstrapServers(), PipelineTopics.failedRows(config.topicPrefix()))
        .stream()
        .anyMatch(r -> r.kind() == kind && r.keyJson().equals("{\"id\":" + id + "}"));
  }

  /** The state of the row's item, read through the admin API as an operator would. */
  private static String itemState(String listing, int id) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(recovery.apiAddress() + listing + "?table=rt.accounts"))
                    .header("Authorization", "Bearer " + recovery.token())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    for (JsonNode item : JSON.readTree(response.body()).path("items")) {
      if (item.path("key").path("id").asInt() == id) {
        return item.path("state").asText();
      }
    }
    return "none";
  }
}
