package io.lockstep.recovery.service.reconcile;

/** What a schedule did at its last due time. */
public enum ScheduleOutcome {
  /** A run was queued. */
  QUEUED,
  /** The table already had a queued or running run; nothing was queued. */
  SKIPPED_ACTIVE_RUN,
  /** The source's catalog does not have the table (or the pipeline does not replicate it). */
  UNKNOWN_TABLE
}
