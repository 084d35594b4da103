package io.lockstep.recovery.service.reconcile;

/** What a reconciliation compares. */
public enum ReconcileScope {
  /** Every row of the table. */
  TABLE,
  /** Rows whose key is in [from, to] (either bound may be open). */
  RANGE,
  /** The rows of a list of keys. */
  KEYS
}
