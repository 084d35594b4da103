package io.lockstep.recovery.service.audit;

import java.time.Instant;

/**
 * One mutating API call.
 *
 * @param actor the token's name, or {@code anonymous} / {@code invalid-token} for refused calls
 * @param action method and path, e.g. {@code POST /api/v1/items/7/retry}
 * @param target what the call named (the path's resource)
 * @param parameters the query string and body, shortened to a few kilobytes
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
