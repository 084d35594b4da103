package io.lockstep.recovery.service.status;

import java.time.Instant;
import java.util.List;

/**
 * The pipeline's Flink jobs as the JobManager's REST API reports them.
 *
 * @param configured whether {@code lockstep.flink.rest-url} is set
 * @param reachable whether the REST API answered
 * @param error why it did not, or null
 */
public record FlinkStatus(boolean configured, boolean reachable, String error, List<Job> jobs) {

  public static FlinkStatus notConfigured() {
    return new FlinkStatus(false, false, "lockstep.flink.rest-url is not set", List.of());
  }

  public static FlinkStatus unreachable(String error) {
    return new FlinkStatus(true, false, error, List.of());
  }

  /**
   * @param lastCheckpoint the newest completed checkpoint, or null
   */
  public record Job(
      String id,
      String name,
      String state,
      Instant startedAt,
      long checkpointsCompleted,
      long checkpointsFailed,
      Checkpoint lastCheckpoint) {}

  public record Checkpoint(long id, Instant completedAt, long durationMs, long stateSizeBytes) {}
}
