package io.lockstep.recovery.service.reconcile;

import java.time.Instant;

/** A reconciliation run as the store holds it. */
public record ReconcileRun(
    long id,
    String table,
    ReconcileScope scope,
    String scopeJson,
    ReconcileMode mode,
    RunState state,
    String requestedBy,
    String reason,
    long rowsCompared,
    long differences,
    long rowsRepaired,
    String checkpointJson,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant heartbeatAt) {}
