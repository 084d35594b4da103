package io.lockstep.recovery.service.audit;

import java.time.Instant;

/**
 * One mutating API call.
 *
 * @param actor the token's name ({@code scheduler} for runs queued by a schedule); calls without a
 *     configured token are not audited
 * @param action method and path, e.g. {@code POST /api/v1/items/7/retry}
 * @param target what the call named (the path's resource)
 * @param parameters the query string (at most 512 characters) and the body (at most 4 KB)
 * @param status the HTTP status answered
 * @param result {@code ok}, {@code rejected} (4xx), {@code refused} (401/403) or {@code failed}
 */
public record AuditEntry(
    Instant at,
    String actor,
    String action,
    String target,
    String parameters,
    int status,
    String result) {}
