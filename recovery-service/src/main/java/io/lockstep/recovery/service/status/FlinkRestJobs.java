package io.lockstep.recovery.service.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.service.config.RecoveryProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The Flink REST API: {@code /jobs/overview} for the jobs, {@code /jobs/<id>/checkpoints} for each
 * of the pipeline's jobs (named {@code lockstep-<kind>-<pipeline>}).
 */
@Component
class FlinkRestJobs implements FlinkJobs {

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
                    : null));
      }
      return new FlinkStatus(true, true, null, jobs);
    } catch (IOException e) {
      return FlinkStatus.unreachable("Flink REST API at " + base + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FlinkStatus.unreachable("interrupted");
    }
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
