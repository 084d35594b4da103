package io.lockstep.recovery.service.reconcile;

/** Whether a reconciliation only reports differences or also repairs them. */
public enum ReconcileMode {
  DRY_RUN,
  REPAIR
}
