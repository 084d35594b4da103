package io.lockstep.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.embedded.EmbeddedDatabase;
import io.lockstep.runner.embedded.EmbeddedKafkaBroker;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import io.lockstep.runner.schema.SchemaBootstrap;
import io.lockstep.runner.submit.SubmitCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lockstep submit} against a Flink REST endpoint: a MiniCluster with its REST server
 * receives the shaded job jar and runs the three jobs from it, which then replicate. The jobs read
 * the pipeline's password from the environment of the cluster's process, here this JVM (failsafe
 * sets {@code LOCKSTEP_SUBMIT_IT_PASSWORD}).
 *
 * <p>The cluster is not the embedded stack's: it loads classes as a real session cluster does,
 * where Flink comes from {@code lib/} and the connectors from the job jar. By default Flink loads
 * every {@code org.apache.flink.} class parent-first; in this JVM the Kafka connector is also on
 * the test class path, so it would come from there, linked to this JVM's Kafka client, while the
 * jobs' code uses the job jar's ("loader constraint violation ... ProducerRecord"). Naming Flink's
 * own packages instead keeps the connectors in the job jar, as on a cluster.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SubmitIT {

  private static final String PASSWORD_VARIABLE = "LOCKSTEP_SUBMIT_IT_PASSWORD";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Flink's packages, as the cluster's {@code lib/} provides them: everything under {@code
   * org.apache.flink.} but the connectors ({@code connector.}, {@code streaming.connectors.}).
   */
  private static final List<String> FLINK_ITSELF =
      List.of(
          "org.apache.flink.annotation.",
          "org.apache.flink.api.",
          "org.apache.flink.changelog.",
          "org.apache.flink.client.",
          "org.apache.flink.configuration.",
          "org.apache.flink.core.",
          "org.apache.flink.datastream.",
          "org.apache.flink.events.",
          "org.apache.flink.management.",
          "org.apache.flink.metrics.",
          "org.apache.flink.queryablestate.",
          "org.apache.flink.runtime.",
          "org.apache.flink.shaded.",
          "org.apache.flink.state.",
          "org.apache.flink.streaming.api.",
          "org.apache.flink.streaming.experimental.",
          "org.apache.flink.streaming.runtime.",
          "org.apache.flink.streaming.util.",
          "org.apache.flink.table.",
          "org.apache.flink.traces.",
          "org.apache.flink.types.",
          "org.apache.flink.util.");

  @TempDir static Path dir;

  private static final List<AutoCloseable> started = new ArrayList<>();
  private static EmbeddedDatabase source;
  private static EmbeddedDatabase target;
  private static EmbeddedKafkaBroker kafka;
  private static Path pipelineFile;
  private static Path jobJar;
  private static URI rest;

  @BeforeAll
  static void prepare() throws Exception {
    source = track(EmbeddedPostgresServer.start("source"));
    target = track(EmbeddedPostgresServer.start("target"));
    kafka = track(EmbeddedKafkaBroker.start());
    MiniCluster flink = track(startSessionCluster());
    rest = flink.getRestAddress().get(30, TimeUnit.SECONDS);
    assertThat(System.getenv(PASSWORD_VARIABLE))
        .as("failsafe sets %s, the secret the jobs read on the cluster", PASSWORD_VARIABLE)
        .isNotNull();
    jobJar =
        Path.of(System.getProperty("lockstep.jobs.jar", "../job-jar/target/lockstep-jobs.jar"));
    assertThat(jobJar).as("the shaded job jar (mvn install -pl job-jar)").isRegularFile();
    Tables.execute(
        source,
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders (id bigint PRIMARY KEY, amount numeric NOT NULL, note text)",
        "INSERT INTO shop.orders SELECT g, g * 1.5, 'before' FROM generate_series(1, 50) g");
    String yaml =
        """
        pipeline:
          name: submitted
        source:
          host: %s
          port: %d
          database: %s
          user: postgres
          password-env: %s
          tables: ["shop\\\\..*"]
          heartbeat-interval: 1s
        target:
          host: %s
          port: %d
          database: %s
          user: postgres
          password-env: %s
        kafka:
          bootstrap-servers: %s
        apply:
          flush-interval: 100ms
        checkpoint:
          interval: 2s
        """
            .formatted(
                source.host(),
                source.port(),
                source.database(),
                PASSWORD_VARIABLE,
                target.host(),
                target.port(),
                target.database(),
                PASSWORD_VARIABLE,
                kafka.bootstrapServers());
    pipelineFile = Files.writeString(dir.resolve("submitted.yaml"), yaml);
    PipelineConfig config = PipelineConfigLoader.fromSystemEnvironment().load(pipelineFile);
    try (Connection connection = source.connect()) {
      SchemaBootstrap.apply(config, SchemaBootstrap.plan(config, connection));
    }
  }

  @AfterAll
  static void stop() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("SubmitIT: stopping " + started.get(i) + " failed: " + e);
      }
    }
    started.clear();
  }

  private static <T extends AutoCloseable> T track(T resource) {
    started.add(resource);
    return resource;
  }

  private static MiniCluster startSessionCluster() throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "localhost");
    conf.set(RestOptions.ADDRESS, "localhost");
    conf.set(RestOptions.BIND_PORT, "0");
    List<String> parentFirst = new ArrayList<>();
    for (String pattern : CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS.defaultValue()) {
      if (pattern.equals("org.apache.flink.")) {
        parentFirst.addAll(FLINK_ITSELF);
      } else {
        parentFirst.add(pattern);
      }
    }
    conf.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS, parentFirst);
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(4)
                .build());
    cluster.start();
    return cluster;
  }

  /** The jobs are submitted once and replicate; a second submission is refused. */
  @Test
  void submitsThePipelinesJobsWhichThenReplicateAndAreNotSubmittedTwice() throws Exception {
    submitsThePipelinesJobsWhichThenReplicate();
    refusesToSubmitJobsThatAreAlreadyRunning();
  }

  private void submitsThePipelinesJobsWhichThenReplicate() throws Exception {
    Result result =
        submit(
            "--config", pipelineFile.toString(),
            "--jobmanager", rest.toString(),
            "--jar", jobJar.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("lockstep-capture-submitted", "lockstep-apply-submitted")
        .contains("lockstep-verify-submitted");
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(jobStates())
                    .containsEntry("lockstep-capture-submitted", "RUNNING")
                    .containsEntry("lockstep-apply-submitted", "RUNNING")
                    .containsEntry("lockstep-verify-submitted", "RUNNING"));

    Tables.execute(
        source,
        "INSERT INTO shop.orders SELECT g, g * 1.5, 'after' FROM generate_series(51, 120) g",
        "UPDATE shop.orders SET note = 'changed' WHERE id = 7");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () ->
                Tables.count(target, "SELECT count(*) FROM shop.orders") == 120
                    && Tables.count(
                            target,
                            "SELECT count(*) FROM shop.orders WHERE id = 7 AND note = 'changed'")
                        == 1);
  }

  private void refusesToSubmitJobsThatAreAlreadyRunning() throws Exception {
    Map<String, String> before = jobStates();

    Result result =
        submit(
            "--config", pipelineFile.toString(),
            "--jobmanager", rest.toString(),
            "--jar", jobJar.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .contains("already running")
        .contains("lockstep-capture-submitted", "lockstep-apply-submitted")
        .contains("lockstep-verify-submitted")
        .contains("--allow-duplicate")
        .contains("--savepoint");
    assertThat(jobStates()).as("nothing new was started").hasSameSizeAs(before);
  }

  @Test
  void namesAnUnreachableJobManagerAndTheFix() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://localhost:" + closedPort;

    Result result =
        submit(
            "--config", pipelineFile.toString(),
            "--jobmanager", url,
            "--jar", jobJar.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .contains("cannot reach the Flink JobManager at " + url)
        .contains("Check --jobmanager");
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result submit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command =
        new CommandLine(new SubmitCommand())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    int code = command.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Job name to state, for every job the cluster lists ({@code GET /jobs/overview}). */
  private static Map<String, String> jobStates() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(rest.resolve("/jobs/overview")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    Map<String, String> states = new HashMap<>();
    for (JsonNode job : JSON.readTree(response.body()).path("jobs")) {
      states.put(job.path("name").asText(), job.path("state").asText());
    }
    return states;
  }
}
