package io.lockstep.recovery.service.status;

/** Reads the apply job's lag from Kafka. */
public interface PipelineLag {

  /** Never throws: an unreachable Kafka is part of the answer. */
  LagReport applyLag();
}
