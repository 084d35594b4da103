package io.lockstep.recovery.reconcile;

/** Follows a reconciliation run. Called on the run's thread; keep it quick. */
public interface ReconcileListener {

  /** After each range or batch of ranges is done, at most a few times a second. */
  default void onProgress(ReconcileProgress progress) {}

  /** A row found to differ (before any repair). */
  default void onDifference(Difference difference) {}

  /** A repaired row. */
  default void onRepair(RepairOutcome outcome) {}

  ReconcileListener NONE = new ReconcileListener() {};
}
