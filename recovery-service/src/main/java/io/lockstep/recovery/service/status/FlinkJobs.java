package io.lockstep.recovery.service.status;

/** Reads the pipeline's jobs from Flink. */
public interface FlinkJobs {

  /** Never throws: an unreachable Flink is part of the answer. */
  FlinkStatus status();
}
