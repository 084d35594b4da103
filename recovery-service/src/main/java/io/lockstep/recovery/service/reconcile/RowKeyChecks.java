package io.lockstep.recovery.service.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.recovery.service.item.ItemKeys;
import io.lockstep.recovery.service.pipeline.KnownTable;
import io.lockstep.recovery.service.web.InvalidRequestException;
import java.util.List;
import java.util.Map;

/**
 * Checks the row keys a caller names: key columns must be the table's key columns, key values must
 * be plain values. Nothing a caller sends ever becomes SQL text.
 */
final class RowKeyChecks {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RowKeyChecks() {}

  /**
   * A row key as canonical JSON.
   *
   * @param prefix whether the first key columns are enough (range bounds); else all of them
   */
  static String key(KnownTable table, Map<String, Object> key, String what, boolean prefix) {
    if (key == null || key.isEmpty()) {
      throw new InvalidRequestException(
          what + ": a key needs the columns " + table.keyColumns() + " of " + table.name());
    }
    for (String column : key.keySet()) {
      if (!table.keyColumns().contains(column)) {
        throw new InvalidRequestException(
            what
                + ": '"
                + column
                + "' is not a key column of "
                + table.name()
                + "; its key columns are "
                + table.keyColumns());
      }
    }
    List<String> expected = prefix ? table.keyColumns().subList(0, key.size()) : table.keyColumns();
    if (!key.keySet().containsAll(expected) || (!prefix && key.size() != expected.size())) {
      throw new InvalidRequestException(
          what
              + ": give "
              + (prefix ? "the first " + key.size() + " of the key columns " : "all key columns ")
              + table.keyColumns()
              + " of "
              + table.name()
              + ", but got "
              + key.keySet());
    }
    for (Map.Entry<String, Object> value : key.entrySet()) {
      Object v = value.getValue();
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw new InvalidRequestException(
            what
                + ": the value of '"
                + value.getKey()
                + "' must be a string, number or boolean, but was "
                + (v == null ? "null" : "a " + v.getClass().getSimpleName()));
      }
    }
    try {
      return ItemKeys.canonical(JSON.writeValueAsString(key));
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(what + ": the key cannot be written as JSON");
    }
  }
}
