package io.lockstep.recovery.service.reconcile;

import java.time.Instant;

/**
 * A schedule's row in the store.
 *
 * @param nextFireAt the next due time
 * @param lastDueAt the due time acted on last, or null
 * @param lastFiredAt when that was done
 * @param lastOutcome what was done, or null before the first due time
 * @param lastDetail why a run was not queued
 * @param lastRunId the last run this schedule queued, or null
 */
public record ScheduleState(
    String key,
    Instant nextFireAt,
    Instant lastDueAt,
    Instant lastFiredAt,
    ScheduleOutcome lastOutcome,
    String lastDetail,
    Long lastRunId) {}
