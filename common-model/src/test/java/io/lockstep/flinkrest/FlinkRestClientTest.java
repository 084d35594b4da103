package io.lockstep.flinkrest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a small in-process HTTP server that answers as Flink's REST API does. */
class FlinkRestClientTest {

  private HttpServer server;
  private FlinkRestClient flink;

  /** Method, path and query, and the body, of the requests the server saw, by path. */
  private final Map<String, String> seen = new ConcurrentHashMap<>();

  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.start();
    flink = new FlinkRestClient(address(), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI address() {
    return URI.create("http://localhost:" + server.getAddress().getPort() + "/");
  }

  private void answer(String path, int status, String body) {
    server.createContext(
        path,
        exchange -> {
          record(exchange);
          send(exchange, status, body);
        });
  }

  private void record(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    seen.put(
        uri.getPath(),
        exchange.getRequestMethod()
            + " "
            + uri.getPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getQuery())
            + "\n"
            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Test
  void listsJobs() throws Exception {
    answer(
        "/jobs/overview",
        200,
        "{\"jobs\":[{\"jid\":\"a1\",\"name\":\"lockstep-apply-shop\",\"state\":\"RUNNING\","
            + "\"start-time\":1764670000000},{\"jid\":\"b2\",\"name\":\"old\",\"state\":"
            + "\"CANCELED\"}]}");
    List<FlinkRestClient.JobOverview> jobs = flink.jobs();
    assertThat(jobs)
        .containsExactly(
            new FlinkRestClient.JobOverview("a1", "lockstep-apply-shop", "RUNNING", 1764670000000L),
            new FlinkRestClient.JobOverview("b2", "old", "CANCELED", 0));
    assertThat(jobs).extracting(FlinkRestClient.JobOverview::active).containsExactly(true, false);
  }

  @Test
  void readsCheckpointsWithAndWithoutACompletedOne() throws Exception {
    answer(
        "/jobs/a1/checkpoints",
        200,
        "{\"counts\":{\"completed\":12,\"failed\":1},\"latest\":{\"completed\":{\"id\":12,"
            + "\"latest_ack_timestamp\":1764670100000,\"end_to_end_duration\":85,"
            + "\"state_size\":4096}}}");
    answer(
        "/jobs/c3/checkpoints", 200, "{\"counts\":{\"completed\":0,\"failed\":0},\"latest\":{}}");
    assertThat(flink.checkpoints("a1"))
        .isEqualTo(
            new FlinkRestClient.JobCheckpoints(
                12, 1, new FlinkRestClient.CompletedCheckpoint(12, 1764670100000L, 85, 4096)));
    assertThat(flink.checkpoints("c3")).isEqualTo(new FlinkRestClient.JobCheckpoints(0, 0, null));
  }

  @Test
  void aggregatesTheChosenMetricsOfEveryVertex() throws Exception {
    answer("/jobs/a1", 200, "{\"vertices\":[{\"id\":\"v1\"},{\"id\":\"v2\"},{\"id\":\"v3\"}]}");
    server.createContext(
        "/jobs/a1/vertices/v1/subtasks/metrics",
        exchange -> {
          String query = exchange.getRequestURI().getQuery();
          if (query == null) {
            send(
                exchange,
                200,
                "[{\"id\":\"Apply.lockstepEventsApplied\"},{\"id\":\"Apply.numRecordsIn\"}]");
          } else {
            record(exchange);
            send(exchange, 200, "[{\"id\":\"Apply.lockstepEventsApplied\",\"sum\":41.0}]");
          }
        });
    answer(
        "/jobs/a1/vertices/v2/subtasks/metrics", 200, "[{\"id\":\"Other.lockstepEventsApplied\"}]");
    answer("/jobs/a1/vertices/v3/subtasks/metrics", 200, "[]");

    List<FlinkRestClient.SubtaskMetric> metrics =
        flink.jobMetrics("a1", id -> id.equals("Apply.lockstepEventsApplied"), "sum");

    assertThat(metrics)
        .containsExactly(
            new FlinkRestClient.SubtaskMetric("v1", "Apply.lockstepEventsApplied", 41.0));
    // Only the chosen metric is asked for, with the aggregation; vertices with none are not asked.
    assertThat(seen.get("/jobs/a1/vertices/v2/subtasks/metrics")).doesNotContain("get=");
    assertThat(seen.get("/jobs/a1/vertices/v1/subtasks/metrics"))
        .startsWith(
            "GET /jobs/a1/vertices/v1/subtasks/metrics?get=Apply.lockstepEventsApplied&agg=sum");
  }

  @Test
  void uploadsRunsAndDeletesAJar() throws Exception {
    Path jar = Files.writeString(dir.resolve("job.jar"), "jar bytes");
    answer(
        "/jars/upload",
        200,
        "{\"status\":\"success\",\"filename\":\"/tmp/flink-web/upload/abc_job.jar\"}");
    answer("/jars/abc_job.jar/run", 200, "{\"jobid\":\"j9\"}");
    answer("/jars/abc_job.jar", 200, "{}");

    String id = flink.uploadJar(jar);
    String job =
        flink.runJar(
            id, new FlinkRestClient.RunJar("io.lockstep.Main", List.of("--a", "b"), "/sp", 2));
    flink.deleteJar(id);

    assertThat(id).isEqualTo("abc_job.jar");
    assertThat(job).isEqualTo("j9");
    assertThat(seen.get("/jars/upload"))
        .startsWith("POST /jars/upload\n")
        .contains("name=\"jarfile\"; filename=\"job.jar\"", "jar bytes");
    String run = seen.get("/jars/abc_job.jar/run");
    assertThat(run).startsWith("POST /jars/abc_job.jar/run\n");
    assertThat(new ObjectMapper().readTree(run.substring(run.indexOf('\n') + 1)))
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    "{\"entryClass\":\"io.lockstep.Main\",\"programArgsList\":[\"--a\",\"b\"],"
                        + "\"savepointPath\":\"/sp\",\"parallelism\":2}"));
    assertThat(seen.get("/jars/abc_job.jar")).startsWith("DELETE /jars/abc_job.jar\n");
  }

  @Test
  void anErrorStatusNamesTheUrlAndTheStatusAndKeepsTheBody() {
    answer("/jobs/overview", 500, "{\"errors\":[\"Internal server error.\"]}");
    assertThatThrownBy(flink::jobs)
        .isInstanceOfSatisfying(
            FlinkRestException.class,
            e -> {
              assertThat(e.status()).isEqualTo(500);
              assertThat(e.answered()).isTrue();
              assertThat(e.body()).contains("Internal server error.");
              assertThat(e.url()).isEqualTo(address().resolve("/jobs/overview"));
            })
        .hasMessage("GET " + address().resolve("/jobs/overview") + " answered HTTP 500");
  }

  @Test
  void aJarTheClusterDidNotStoreIsAnError() throws Exception {
    Path jar = Files.writeString(dir.resolve("job.jar"), "jar bytes");
    answer("/jars/upload", 200, "{\"status\":\"failed\"}");
    assertThatThrownBy(() -> flink.uploadJar(jar))
        .isInstanceOf(FlinkRestException.class)
        .hasMessageContaining("/jars/upload did not accept the jar " + jar);
  }

  @Test
  void noAnswerIsAnErrorThatNamesTheUrlButNeverItsCredentials() {
    int port = server.getAddress().getPort();
    server.stop(0);
    FlinkRestClient withUser =
        new FlinkRestClient(
            URI.create("http://admin:s3cret@localhost:" + port),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5));
    assertThatThrownBy(withUser::jobs)
        .isInstanceOfSatisfying(
            FlinkRestException.class,
            e -> {
              assertThat(e.answered()).isFalse();
              assertThat(e.status()).isEqualTo(FlinkRestException.NO_ANSWER);
              assertThat(e.url()).hasToString("http://localhost:" + port + "/jobs/overview");
            })
        .hasMessageStartingWith("GET http://localhost:" + port + "/jobs/overview got no answer")
        .hasMessageNotContaining("s3cret");
    assertThat(withUser.base().toString()).doesNotContain("s3cret");
  }

  @Test
  void aMissingJarIsNotTheClustersError() {
    assertThatThrownBy(() -> flink.uploadJar(dir.resolve("missing.jar")))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(FlinkRestException.class);
  }
}
