package io.lockstep.runner;

import io.lockstep.flinkrest.FlinkRestClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.api.common.JobID;

/**
 * A pipeline's progress: events captured (the records in its change topics, from Kafka) and events
 * applied and apply lag (the apply job's own metrics, read through the Flink REST API as the web UI
 * does).
 */
public final class PipelineMetrics {

  /** A reading; -1 where a job has not reported yet. */
  public record Snapshot(long captured, long applied, long applyLagMillis) {}

  /** The verifier's counts; -1 where it has not reported yet. */
  public record VerifierSnapshot(
      long verified, long mismatches, long cleared, long confirmed, long pending, long lagMillis) {
    public String summary() {
      return String.format(
          "verified=%d mismatches=%d cleared-by-recheck=%d discrepancies=%d pending=%d verify"
              + " lag=%dms",
          verified, mismatches, cleared, confirmed, pending, lagMillis);
    }
  }

  private final FlinkRestClient flink;

  public PipelineMetrics(URI restAddress) {
    this.flink = new FlinkRestClient(restAddress, Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  public Snapshot read(LocalPipeline pipeline) {
    return new Snapshot(
        captured(pipeline),
        metric(pipeline.applyJob(), "lockstepEventsApplied", "sum"),
        metric(pipeline.applyJob(), "lockstepApplyLagMs", "max"));
  }

  public VerifierSnapshot readVerifier(LocalPipeline pipeline) {
    JobID job = pipeline.verifyJob();
    return new VerifierSnapshot(
        metric(job, "lockstepVerifyKeysVerified", "sum"),
        metric(job, "lockstepVerifyMismatchesSeen", "sum"),
        metric(job, "lockstepVerifyMismatchesCleared", "sum"),
        metric(job, "lockstepVerifyDiscrepanciesConfirmed", "sum"),
        metric(job, "lockstepVerifyPendingRows", "sum"),
        metric(job, "lockstepVerifyLagMs", "max"));
  }

  private static long captured(LocalPipeline pipeline) {
    try {
      return ChangeTopicOffsets.changeRecords(pipeline.config());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (Exception e) {
      return -1;
    }
  }

  /** The metric aggregated over every subtask of every vertex of {@code job}; -1 if none. */
  public long metric(JobID job, String name, String aggregation) {
    if (job == null) {
      return -1;
    }
    try {
      long total = -1;
      for (FlinkRestClient.SubtaskMetric metric :
          flink.jobMetrics(job.toHexString(), id -> isTaskTotal(id, name), aggregation)) {
        long v = (long) metric.value();
        total = aggregation.equals("max") ? Math.max(total, v) : Math.max(total, 0) + v;
      }
      return total;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Whether {@code id}, a metric of a vertex's subtasks as the REST API names it, is {@code name}
   * itself: {@code name} or {@code <operator>.name}. Per-table twins ({@code
   * <operator>.table.<table>.name}) count the same events again, so summing them too would double
   * every count.
   */
  static boolean isTaskTotal(String id, String name) {
    return id.equals(name) || (id.endsWith("." + name) && !id.contains(".table."));
  }
}
