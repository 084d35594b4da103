package io.lockstep.recovery.service.reconcile;

/** Where a reconciliation run is. */
public enum RunState {
  /** Waiting for a worker of some instance. */
  QUEUED,
  /** A worker runs it; a run whose worker stopped reporting is taken over from its checkpoint. */
  RUNNING,
  SUCCEEDED,
  FAILED
}
