package io.lockstep.recovery.service.reconcile;

import java.util.List;
import java.util.Objects;

/**
 * A reconciliation to run. Keys are canonical JSON objects of key columns whose names were checked
 * against the table's key (no caller text reaches SQL other than as a bound value).
 *
 * @param table {@code schema.table}, a table the pipeline replicates
 * @param fromKeyJson for {@link ReconcileScope#RANGE}, the lowest key (inclusive), or null
 * @param toKeyJson for {@link ReconcileScope#RANGE}, the first key after the range (exclusive), or
 *     null
 * @param keysJson for {@link ReconcileScope#KEYS}, the keys
 */
public record ReconcileRunRequest(
    String table,
    ReconcileScope scope,
    String fromKeyJson,
    String toKeyJson,
    List<String> keysJson,
    ReconcileMode mode) {

  public ReconcileRunRequest {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(mode, "mode");
    keysJson = keysJson == null ? List.of() : List.copyOf(keysJson);
  }

  public static ReconcileRunRequest table(String table, ReconcileMode mode) {
    return new ReconcileRunRequest(table, ReconcileScope.TABLE, null, null, List.of(), mode);
  }

  public static ReconcileRunRequest range(
      String table, String fromKeyJson, String toKeyJson, ReconcileMode mode) {
    return new ReconcileRunRequest(
        table, ReconcileScope.RANGE, fromKeyJson, toKeyJson, List.of(), mode);
  }

  public static ReconcileRunRequest keys(String table, List<String> keysJson, ReconcileMode mode) {
    return new ReconcileRunRequest(table, ReconcileScope.KEYS, null, null, keysJson, mode);
  }
}
