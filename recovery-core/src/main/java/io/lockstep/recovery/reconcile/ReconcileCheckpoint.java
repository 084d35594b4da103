package io.lockstep.recovery.reconcile;

/**
 * Where a run's progress goes so that it can be resumed: the run hands its state here after each
 * unit of work (at most about once a second, and at the end). The caller persists it (the recovery
 * service in its database, as {@link ReconcileState#toJson()}); {@link
 * Reconciler#resume(ReconcileState, RowRepair, ReconcileListener, ReconcileCheckpoint)} carries on
 * from a saved one.
 */
@FunctionalInterface
public interface ReconcileCheckpoint {

  void save(ReconcileState state);

  ReconcileCheckpoint NONE = state -> {};
}
