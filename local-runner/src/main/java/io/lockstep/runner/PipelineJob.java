package io.lockstep.runner;

/** The Flink jobs of a pipeline that {@code lockstep run --jobs} can start. */
public enum PipelineJob {
  /** Source database to change topics. */
  CAPTURE,
  /** Change topics to target database. */
  APPLY,
  /** Change topics, checked against the target a delay later and confirmed on the source. */
  VERIFY
}
