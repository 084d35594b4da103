package io.lockstep.recovery.service.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.service.config.RecoveryProperties;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The Flink REST API: {@code /jobs/overview} for the jobs, {@code /jobs/<id>/checkpoints} for each
 * of the pipeline's jobs (named {@code lockstep-<kind>-<pipeline>}).
 */
@Component
class FlinkRestJobs implements FlinkJobs {

  /** The metrics that say a job needs an operator (docs/failure-handling.md). */
  static final Set<String> CONDITIONS =
      Set.of(
          "lockstepMissingTargetTables",
          "lockstepRecordsRefused",
          "lockstepOffsetGaps",
          "lockstepRowsDeadLettered",
          "lockstepCaptureValuesDeadLettered",
          "lockstepVerifyRecordsSkipped",
          "lockstepVerifyLookupsFailed");

  private final URI base;
  private final Duration timeout;
  private final String pipelineSuffix;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  FlinkRestJobs(RecoveryProperties properties, PipelineConfig pipeline) {
    URI url = properties.flink().restUrl();
    this.base = url == null ? null : URI.create(url.toString().replaceAll("/+$", "") + "/");
    this.timeout = properties.flink().timeout();
    this.pipelineSuffix = "-" + pipeline.name();
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public FlinkStatus status() {
    if (base == null) {
      return FlinkStatus.notConfigured();
    }
    try {
      List<FlinkStatus.Job> jobs = new ArrayList<>();
      for (JsonNode job : get("jobs/overview").path("jobs")) {
        String name = job.path("name").asText();
        if (!name.startsWith("lockstep-") || !name.endsWith(pipelineSuffix)) {
          continue;
        }
        String id = job.path("jid").asText();
        JsonNode checkpoints = get("jobs/" + id + "/checkpoints");
        JsonNode latest = checkpoints.path("latest").path("completed");
        jobs.add(
            new FlinkStatus.Job(
                id,
                name,
                job.path("state").asText(),
                millis(job.path("start-time")),
                checkpoints.path("counts").path("completed").asLong(),
                checkpoints.path("counts").path("failed").asLong(),
                latest.isObject()
                    ? new FlinkStatus.Checkpoint(
                        latest.path("id").asLong(),
                        millis(latest.path("latest_ack_timestamp")),
                        latest.path("end_to_end_duration").asLong(),
                        latest.path("state_size").asLong())
                    : null,
                conditions(id)));
      }
      return new FlinkStatus(true, true, null, jobs);
    } catch (IOException e) {
      return FlinkStatus.unreachable("Flink REST API at " + base + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FlinkStatus.unreachable("interrupted");
    }
  }

  /**
   * The job's condition metrics, summed over its tasks; empty when the REST API does not give them
   * (a job restarting has no tasks), which must not hide the jobs themselves.
   */
  private Map<String, Long> conditions(String jobId) throws InterruptedException {
    Map<String, Long> found = new TreeMap<>();
    try {
      for (JsonNode vertex : get("jobs/" + jobId).path("vertices")) {
        String metrics =
            "jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
        List<String> ids = new ArrayList<>();
        for (JsonNode metric : get(metrics)) {
          String id = metric.path("id").asText();
          // Per-table twins (<operator>.table.<table>.<name>) count the same events again.
          if (CONDITIONS.contains(metricName(id)) && !id.contains(".table.")) {
            ids.add(id);
          }
        }
        if (ids.isEmpty()) {
          continue;
        }
        String query =
            "?get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8) + "&agg=sum";
        for (JsonNode value : get(metrics + query)) {
          found.merge(
              metricName(value.path("id").asText()),
              (long) value.path("sum").asDouble(),
              Long::sum);
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return found;
  }

  private static String metricName(String id) {
    return id.substring(id.lastIndexOf('.') + 1);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("GET /" + path + " answered " + response.statusCode());
    }
    return json.readTree(response.body());
  }

  private static Instant millis(JsonNode node) {
    return node.isNumber() && node.asLong() > 0 ? Instant.ofEpochMilli(node.asLong()) : null;
  }
}
