package io.lockstep.recovery.service.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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
   * @param conditions the job's metrics that say something needs an operator, summed over its
   *     tasks, by name (those of {@link FlinkRestJobs#CONDITIONS} the job has): for example {@code
   *     lockstepMissingTargetTables} above 0 while apply waits for a table the target lacks. Empty
   *     when the REST API did not give them.
   */
  public record Job(
      String id,
      String name,
      String state,
      Instant startedAt,
      long checkpointsCompleted,
      long checkpointsFailed,
      Checkpoint lastCheckpoint,
      Map<String, Long> conditions) {}

  public record Checkpoint(long id, Instant completedAt, long durationMs, long stateSizeBytes) {}
}
