package io.lockstep.recovery.reconcile;

import io.lockstep.discrepancy.Discrepancy;
import java.util.List;
import java.util.Map;

/**
 * A row that differs between source and target.
 *
 * @param table the source table, {@code schema.table}
 * @param key the primary-key values, typed as change events type them ({@link
 *     io.lockstep.event.ColumnType}), in key order
 * @param keyText the key's canonical texts, in key order (for people and for checkpoints)
 * @param kind what differs: {@code MISSING} (source only), {@code UNEXPECTED} (target only), {@code
 *     DIFFERENT}
 * @param columns for {@code DIFFERENT}, the differing columns with both canonical values
 */
public record Difference(
    String table,
    Map<String, Object> key,
    List<String> keyText,
    Discrepancy.Kind kind,
    List<Discrepancy.ColumnDifference> columns) {

  public Difference {
    key = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
    keyText = List.copyOf(keyText);
    columns = List.copyOf(columns);
  }

  /** {@code table key [..] KIND columns a, b} for a person. */
  public String describe() {
    StringBuilder text =
        new StringBuilder(table).append(" key ").append(key).append(' ').append(kind);
    if (!columns.isEmpty()) {
      text.append(" columns ")
          .append(
              String.join(
                  ", ", columns.stream().map(Discrepancy.ColumnDifference::column).toList()));
    }
    return text.toString();
  }
}
