package io.lockstep.runner.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parts of Flink's REST API that {@code lockstep submit} uses: the job list, jar upload, jar
 * run and jar delete. Every failure becomes a {@link SubmitException} that names the JobManager.
 */
final class FlinkRestClient {

  /** A job the cluster knows, as {@code GET /jobs/overview} lists it. */
  record ClusterJob(String id, String name, String state) {

    /** Globally terminal states; any other state means the job runs or will run again. */
    private static final Set<String> ENDED = Set.of("FINISHED", "CANCELED", "FAILED");

    boolean active() {
      return !ENDED.contains(state);
    }
  }

  /** What {@code POST /jars/<id>/run} is asked to start. */
  record RunRequest(
      String entryClass, List<String> programArgs, String savepointPath, Integer parallelism) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Running a job runs its main on the JobManager, preflight checks of the databases included. */
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  FlinkRestClient(URI base) {
    this.base = base;
  }

  List<ClusterJob> jobs() throws SubmitException {
    JsonNode body = send(HttpRequest.newBuilder(resolve("jobs/overview")).GET(), "list the jobs");
    List<ClusterJob> jobs = new ArrayList<>();
    for (JsonNode job : body.path("jobs")) {
      jobs.add(
          new ClusterJob(
              job.path("jid").asText(), job.path("name").asText(), job.path("state").asText()));
    }
    return jobs;
  }

  /** Uploads {@code jar}; returns the id the cluster gave it. */
  String upload(Path jar) throws SubmitException {
    JarUpload upload = new JarUpload(jar);
    HttpRequest.Builder request;
    try {
      request =
          HttpRequest.newBuilder(resolve("jars/upload"))
              .header("Content-Type", upload.contentType())
              .POST(upload.body());
    } catch (IOException e) {
      throw new SubmitException("cannot read the job jar " + jar + ": " + e.getMessage(), e);
    }
    JsonNode body = send(request, "upload the job jar " + jar);
    String stored = body.path("filename").asText("");
    if (!"success".equals(body.path("status").asText()) || stored.isEmpty()) {
      throw new SubmitException(
          "the JobManager at " + base + " did not accept the job jar " + jar + ": " + body);
    }
    // The jar's id is the file name the cluster stored it under.
    return stored.substring(stored.lastIndexOf('/') + 1);
  }

  /** Runs the entry class of an uploaded jar; returns the new job's id. */
  String run(String jarId, RunRequest run) throws SubmitException {
    ObjectNode json = JSON.createObjectNode();
    json.put("entryClass", run.entryClass());
    json.putPOJO("programArgsList", run.programArgs());
    if (run.savepointPath() != null) {
      json.put("savepointPath", run.savepointPath());
    }
    if (run.parallelism() != null) {
      json.put("parallelism", run.parallelism());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(resolve("jars/" + jarId + "/run"))
            .timeout(RUN_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.toString()));
    JsonNode body = send(request, "run " + run.entryClass());
    String jobId = body.path("jobid").asText("");
    if (jobId.isEmpty()) {
      throw new SubmitException(
          "the JobManager at " + base + " ran " + run.entryClass() + " but named no job: " + body);
    }
    return jobId;
  }

  /** Removes an uploaded jar; the jobs keep their own copy in the cluster's blob store. */
  void delete(String jarId) throws SubmitException {
    send(HttpRequest.newBuilder(resolve("jars/" + jarId)).DELETE(), "delete the uploaded jar");
  }

  private URI resolve(String path) {
    return URI.create(base.toString().replaceAll("/+$", "") + "/" + path);
  }

  private JsonNode send(HttpRequest.Builder request, String what) throws SubmitException {
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SubmitException(
          "cannot reach the Flink JobManager at "
              + base
              + " to "
              + what
              + " ("
              + describe(e)
              + "). Check --jobmanager: it is the REST address of the session cluster, the one its"
              + " web UI answers on (port 8081 by default); from outside Kubernetes, forward it"
              + " first, e.g. kubectl port-forward svc/<cluster>-rest 8081.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubmitException("interrupted while waiting for " + base + " to " + what, e);
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      throw new SubmitException(
          "the JobManager at "
              + base
              + " refused to "
              + what
              + " (HTTP "
              + response.statusCode()
              + "):\n"
              + RestErrors.summary(body, response.body()));
    }
    return body;
  }

  private static JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (IOException e) {
      // Not Flink answering (a proxy's error page, say): RestErrors shows the raw text.
      return JSON.createObjectNode();
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = e.getCause();
      message = cause != null && cause.getMessage() != null ? cause.toString() : e.toString();
    }
    return message;
  }
}
