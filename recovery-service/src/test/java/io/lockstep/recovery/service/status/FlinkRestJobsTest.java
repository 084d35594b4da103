package io.lockstep.recovery.service.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.support.TestPipelines;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a small HTTP server that answers as Flink's REST API does. */
class FlinkRestJobsTest {

  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    answer(
        "/jobs/overview",
        "{\"jobs\":[{\"jid\":\"a1\",\"name\":\"lockstep-apply-shop\",\"state\":\"RUNNING\","
            + "\"start-time\":1764670000000},"
            + "{\"jid\":\"b2\",\"name\":\"lockstep-apply-other\",\"state\":\"RUNNING\"},"
            + "{\"jid\":\"c3\",\"name\":\"lockstep-capture-shop\",\"state\":\"RESTARTING\"}]}");
    answer(
        "/jobs/a1/checkpoints",
        "{\"counts\":{\"completed\":12,\"failed\":1},\"latest\":{\"completed\":"
            + "{\"id\":12,\"latest_ack_timestamp\":1764670100000,\"end_to_end_duration\":85,"
            + "\"state_size\":4096}}}");
    answer("/jobs/c3/checkpoints", "{\"counts\":{\"completed\":0,\"failed\":0},\"latest\":{}}");
    answer("/jobs/a1", "{\"vertices\":[{\"id\":\"v1\"},{\"id\":\"v2\"}]}");
    answerByQuery(
        "/jobs/a1/vertices/v1/subtasks/metrics",
        "[{\"id\":\"Apply_to_target.lockstepMissingTargetTables\"},"
            + "{\"id\":\"Apply_to_target.table.shop.orders.lockstepRowsDeadLettered\"},"
            + "{\"id\":\"Apply_to_target.lockstepRecordsRefused\"},"
            + "{\"id\":\"Apply_to_target.lockstepEventsApplied\"}]",
        "[{\"id\":\"Apply_to_target.lockstepMissingTargetTables\",\"sum\":1.0},"
            + "{\"id\":\"Apply_to_target.lockstepRecordsRefused\",\"sum\":7.0}]");
    answer("/jobs/a1/vertices/v2/subtasks/metrics", "[]");
    server.start();
  }

  private void answer(String path, String body) {
    server.createContext(
        path,
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
  }

  /** One path answering its listing without a query and the aggregation with one. */
  private void answerByQuery(String path, String listing, String aggregated) {
    server.createContext(
        path,
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          // The aggregation asks exactly for the condition metrics, not the per-table twin.
          String body =
              query == null
                  ? listing
                  : query.contains("lockstepEventsApplied") || query.contains(".table.")
                      ? "[]"
                      : aggregated;
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static RecoveryProperties properties(URI flink) {
    return new RecoveryProperties(
        null,
        new RecoveryProperties.Flink(flink, Duration.ofSeconds(5)),
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void thePipelinesJobsWithTheirLastCheckpoints() {
    URI url = URI.create("http://localhost:" + server.getAddress().getPort());
    FlinkStatus status =
        new FlinkRestJobs(properties(url), TestPipelines.postgres(5432, "shop", "k:9092")).status();
    assertThat(status.reachable()).isTrue();
    assertThat(status.jobs())
        .extracting(FlinkStatus.Job::name)
        .containsExactly("lockstep-apply-shop", "lockstep-capture-shop");
    FlinkStatus.Job apply = status.jobs().get(0);
    // A table missing on the target and refused records are conditions the status names.
    assertThat(apply.conditions())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("lockstepMissingTargetTables", 1L, "lockstepRecordsRefused", 7L));
    // A job whose tasks cannot be asked (restarting) still shows, without conditions.
    assertThat(status.jobs().get(1).conditions()).isEmpty();
    assertThat(apply.checkpointsCompleted()).isEqualTo(12);
    assertThat(apply.lastCheckpoint().id()).isEqualTo(12);
    assertThat(apply.lastCheckpoint().completedAt())
        .isEqualTo(Instant.ofEpochMilli(1764670100000L));
    assertThat(status.jobs().get(1).lastCheckpoint()).isNull();
  }

  @Test
  void anUnreachableFlinkIsReportedNotThrown() {
    server.stop(0);
    URI url = URI.create("http://localhost:" + server.getAddress().getPort());
    FlinkStatus status =
        new FlinkRestJobs(properties(url), TestPipelines.postgres(5432, "shop", "k:9092")).status();
    assertThat(status.configured()).isTrue();
    assertThat(status.reachable()).isFalse();
    assertThat(status.error()).contains("Flink REST API at");
  }
}
