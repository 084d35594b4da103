package io.lockstep.recovery.service.reconcile;

import java.time.Instant;

/**
 * A schedule as the API shows it.
 *
 * @param nextFireAt the next due time (as stored, so the same on every instance)
 * @param lastDueAt the due time acted on last, or null
 * @param lastOutcome what was done then, or null
 * @param lastDetail why no run was queued then, or null
 * @param lastRun the last run the schedule queued, or null
 */
public record ScheduleStatus(
    ReconcileSchedule schedule,
    Instant nextFireAt,
    Instant lastDueAt,
    ScheduleOutcome lastOutcome,
    String lastDetail,
    ReconcileRun lastRun) {}
