package io.lockstep.recovery.reconcile;

import java.util.Map;

/**
 * What a repair did to one row.
 *
 * @param key the row's key, as handed to the repair
 * @param action what was done: UPSERTED, DELETED, ALREADY_CONSISTENT or FAILED
 * @param consistent whether source and target agree on the row afterwards
 * @param detail why it failed, or other notes; may be empty
 */
public record RepairOutcome(
    Map<String, Object> key, String action, boolean consistent, String detail) {

  public RepairOutcome {
    key = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
    detail = detail == null ? "" : detail;
  }
}
