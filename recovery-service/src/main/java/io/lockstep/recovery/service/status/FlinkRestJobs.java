package io.lockstep.recovery.service.status;

import io.lockstep.config.PipelineConfig;
import io.lockstep.flinkrest.FlinkRestClient;
import io.lockstep.recovery.service.config.RecoveryProperties;
import java.io.IOException;
import java.net.URI;
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
          "lockstepCaptureTruncatesRefused",
          "lockstepVerifyRecordsSkipped",
          "lockstepVerifyLookupsFailed");

  private final URI base;
  private final String pipelineSuffix;
  private final FlinkRestClient flink;

  FlinkRestJobs(RecoveryProperties properties, PipelineConfig pipeline) {
    URI url = properties.flink().restUrl();
    Duration timeout = properties.flink().timeout();
    this.flink = url == null ? null : new FlinkRestClient(url, timeout, timeout);
    this.base =
        flink == null ? null : URI.create(flink.base().toString().replaceAll("/+$", "") + "/");
    this.pipelineSuffix = "-" + pipeline.name();
  }

  @Override
  public FlinkStatus status() {
    if (flink == null) {
      return FlinkStatus.notConfigured();
    }
    try {
      List<FlinkStatus.Job> jobs = new ArrayList<>();
      for (FlinkRestClient.JobOverview job : flink.jobs()) {
        String name = job.name();
        if (!name.startsWith("lockstep-") || !name.endsWith(pipelineSuffix)) {
          continue;
        }
        FlinkRestClient.JobCheckpoints checkpoints = flink.checkpoints(job.id());
        FlinkRestClient.CompletedCheckpoint latest = checkpoints.latest();
        jobs.add(
            new FlinkStatus.Job(
                job.id(),
                name,
                job.state(),
                millis(job.startTime()),
                checkpoints.completed(),
                checkpoints.failed(),
                latest != null
                    ? new FlinkStatus.Checkpoint(
                        latest.id(),
                        millis(latest.latestAck()),
                        latest.endToEndDuration(),
                        latest.stateSize())
                    : null,
                conditions(job.id())));
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
      // Per-table twins (<operator>.table.<table>.<name>) count the same events again.
      for (FlinkRestClient.SubtaskMetric metric :
          flink.jobMetrics(
              jobId, id -> CONDITIONS.contains(metricName(id)) && !id.contains(".table."), "sum")) {
        found.merge(metricName(metric.id()), (long) metric.value(), Long::sum);
      }
    } catch (IOException e) {
      return Map.of();
    }
    return found;
  }

  private static String metricName(String id) {
    return id.substring(id.lastIndexOf('.') + 1);
  }

  private static Instant millis(long epochMillis) {
    return epochMillis > 0 ? Instant.ofEpochMilli(epochMillis) : null;
  }
}
