package io.lockstep.flinkrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The parts of Flink's REST API that Lockstep calls (the status endpoint, {@code lockstep submit},
 * the local runner's metrics, the benchmarks): the job list, a job's vertices and checkpoints, the
 * aggregated metrics of a vertex's subtasks, and jar upload, run and delete. Every failure is a
 * {@link FlinkRestException} that names the URL and the HTTP status; an interrupt is thrown as
 * {@link InterruptedException}.
 */
public final class FlinkRestClient {

  /** A job the cluster knows, as {@code GET /jobs/overview} lists it. */
  public record JobOverview(String id, String name, String state, long startTime) {

    /** Globally terminal states; any other state means the job runs or will run again. */
    private static final Set<String> ENDED = Set.of("FINISHED", "CANCELED", "FAILED");

    public boolean active() {
      return !ENDED.contains(state);
    }
  }

  /**
   * A job's checkpoint counts and its latest completed checkpoint ({@code GET
   * /jobs/<id>/checkpoints}).
   *
   * @param latest the latest completed checkpoint, or null when none completed yet
   */
  public record JobCheckpoints(long completed, long failed, CompletedCheckpoint latest) {}

  /**
   * A completed checkpoint.
   *
   * @param latestAck when its last acknowledgement arrived, in epoch milliseconds
   */
  public record CompletedCheckpoint(
      long id, long latestAck, long endToEndDuration, long stateSize) {}

  /** What {@code POST /jars/<id>/run} is asked to start. */
  public record RunJar(
      String entryClass, List<String> programArgs, String savepointPath, Integer parallelism) {}

  /** One metric of a vertex's subtasks, aggregated over them. */
  public record SubtaskMetric(String vertexId, String id, double value) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Running a job runs its main on the JobManager, preflight checks of the databases included. */
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param base the JobManager's REST address, e.g. {@code http://localhost:8081}
   * @param connectTimeout to open a connection
   * @param timeout per request (running a jar waits at least 5 minutes); null for none
   */
  public FlinkRestClient(URI base, Duration connectTimeout, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  /** The address this client calls, without user information. */
  public URI base() {
    return withoutUserInfo(base);
  }

  /** {@code GET /jobs/overview}. */
  public List<JobOverview> jobs() throws IOException, InterruptedException {
    List<JobOverview> jobs = new ArrayList<>();
    for (JsonNode job : get("jobs/overview").path("jobs")) {
      jobs.add(
          new JobOverview(
              job.path("jid").asText(),
              job.path("name").asText(),
              job.path("state").asText(),
              job.path("start-time").asLong()));
    }
    return jobs;
  }

  /** The ids of a job's vertices ({@code GET /jobs/<id>}). */
  public List<String> vertexIds(String jobId) throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    for (JsonNode vertex : get("jobs/" + jobId).path("vertices")) {
      ids.add(vertex.path("id").asText());
    }
    return ids;
  }

  /** {@code GET /jobs/<id>/checkpoints}. */
  public JobCheckpoints checkpoints(String jobId) throws IOException, InterruptedException {
    JsonNode body = get("jobs/" + jobId + "/checkpoints");
    JsonNode latest = body.path("latest").path("completed");
    return new JobCheckpoints(
        body.path("counts").path("completed").asLong(),
        body.path("counts").path("failed").asLong(),
        latest.isObject()
            ? new CompletedCheckpoint(
                latest.path("id").asLong(),
                latest.path("latest_ack_timestamp").asLong(),
                latest.path("end_to_end_duration").asLong(),
                latest.path("state_size").asLong())
            : null);
  }

  /** The ids of the metrics a vertex's subtasks report ({@code GET .../subtasks/metrics}). */
  public List<String> subtaskMetricIds(String jobId, String vertexId)
      throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    for (JsonNode metric : get(subtaskMetrics(jobId, vertexId))) {
      ids.add(metric.path("id").asText());
    }
    return ids;
  }

  /**
   * The metrics {@code ids} of a vertex's subtasks, aggregated over them with {@code aggregation}
   * ({@code sum}, {@code max}, {@code min} or {@code avg}); metrics without a value are left out.
   */
  public List<SubtaskMetric> subtaskMetrics(
      String jobId, String vertexId, Collection<String> ids, String aggregation)
      throws IOException, InterruptedException {
    if (ids.isEmpty()) {
      return List.of();
    }
    String query =
        "?get="
            + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8)
            + "&agg="
            + aggregation;
    List<SubtaskMetric> metrics = new ArrayList<>();
    for (JsonNode value : get(subtaskMetrics(jobId, vertexId) + query)) {
      metrics.add(
          new SubtaskMetric(
              vertexId, value.path("id").asText(), value.path(aggregation).asDouble()));
    }
    return metrics;
  }

  /**
   * The metrics of every vertex of a job whose id {@code which} accepts, each aggregated over the
   * vertex's subtasks with {@code aggregation}: one entry per vertex and metric.
   */
  public List<SubtaskMetric> jobMetrics(String jobId, Predicate<String> which, String aggregation)
      throws IOException, InterruptedException {
    List<SubtaskMetric> metrics = new ArrayList<>();
    for (String vertex : vertexIds(jobId)) {
      List<String> ids = subtaskMetricIds(jobId, vertex).stream().filter(which).toList();
      metrics.addAll(subtaskMetrics(jobId, vertex, ids, aggregation));
    }
    return metrics;
  }

  /** Uploads {@code jar} ({@code POST /jars/upload}); returns the id the cluster gave it. */
  public String uploadJar(Path jar) throws IOException, InterruptedException {
    JarUpload upload = new JarUpload(jar);
    // Read before anything is sent: a missing jar is the caller's, not the cluster's, problem.
    HttpRequest.BodyPublisher content = upload.body();
    URI url = resolve("jars/upload");
    String raw =
        send(
            "POST",
            url,
            request(url).header("Content-Type", upload.contentType()).POST(content).build());
    JsonNode body = parse(raw);
    String stored = body.path("filename").asText("");
    if (!"success".equals(body.path("status").asText()) || stored.isEmpty()) {
      throw new FlinkRestException(
          "POST " + withoutUserInfo(url) + " did not accept the jar " + jar + ": " + body,
          withoutUserInfo(url),
          200,
          raw,
          null);
    }
    // The jar's id is the file name the cluster stored it under.
    return stored.substring(stored.lastIndexOf('/') + 1);
  }

  /** Runs the entry class of an uploaded jar ({@code POST /jars/<id>/run}); returns the job id. */
  public String runJar(String jarId, RunJar run) throws IOException, InterruptedException {
    ObjectNode json = JSON.createObjectNode();
    json.put("entryClass", run.entryClass());
    json.putPOJO("programArgsList", run.programArgs());
    if (run.savepointPath() != null) {
      json.put("savepointPath", run.savepointPath());
    }
    if (run.parallelism() != null) {
      json.put("parallelism", run.parallelism());
    }
    URI url = resolve("jars/" + jarId + "/run");
    Duration runTimeout =
        timeout == null || timeout.compareTo(RUN_TIMEOUT) < 0 ? RUN_TIMEOUT : timeout;
    String raw =
        send(
            "POST",
            url,
            HttpRequest.newBuilder(url)
                .timeout(runTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
                .build());
    JsonNode body = parse(raw);
    String jobId = body.path("jobid").asText("");
    if (jobId.isEmpty()) {
      throw new FlinkRestException(
          "POST "
              + withoutUserInfo(url)
              + " ran "
              + run.entryClass()
              + " but named no job: "
              + body,
          withoutUserInfo(url),
          200,
          raw,
          null);
    }
    return jobId;
  }

  /** Removes an uploaded jar ({@code DELETE /jars/<id>}). */
  public void deleteJar(String jarId) throws IOException, InterruptedException {
    URI url = resolve("jars/" + jarId);
    send("DELETE", url, request(url).DELETE().build());
  }

  private static String subtaskMetrics(String jobId, String vertexId) {
    return "jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics";
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    URI url = resolve(path);
    String raw = send("GET", url, request(url).GET().build());
    try {
      return raw.isBlank() ? JSON.createObjectNode() : JSON.readTree(raw);
    } catch (IOException e) {
      throw new FlinkRestException(
          "GET " + withoutUserInfo(url) + " answered with no JSON: " + e.getMessage(),
          withoutUserInfo(url),
          200,
          raw,
          e);
    }
  }

  private HttpRequest.Builder request(URI url) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url);
    if (timeout != null) {
      request.timeout(timeout);
    }
    return request;
  }

  private String send(String method, URI url, HttpRequest request)
      throws FlinkRestException, InterruptedException {
    URI shown = withoutUserInfo(url);
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new FlinkRestException(
          method + " " + shown + " got no answer (" + describe(e) + ")",
          shown,
          FlinkRestException.NO_ANSWER,
          "",
          e);
    }
    String body = response.body() == null ? "" : response.body();
    if (response.statusCode() / 100 != 2) {
      throw new FlinkRestException(
          method + " " + shown + " answered HTTP " + response.statusCode(),
          shown,
          response.statusCode(),
          body,
          null);
    }
    return body;
  }

  private URI resolve(String path) {
    return URI.create(base.toString().replaceAll("/+$", "") + "/" + path);
  }

  /** Parses an answer's body; an empty object for one that is not JSON (a proxy's error page). */
  public static JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** An exception's message, or its cause's when it has none (a refused connection has none). */
  public static String describe(IOException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = e.getCause();
      message = cause != null && cause.getMessage() != null ? cause.toString() : e.toString();
    }
    return message;
  }

  private static URI withoutUserInfo(URI url) {
    if (url == null || url.getRawUserInfo() == null) {
      return url;
    }
    try {
      return new URI(
          url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null);
    } catch (URISyntaxException e) {
      return URI.create(url.getScheme() + "://" + url.getHost());
    }
  }
}
