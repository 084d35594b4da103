package io.lockstep.recovery.reconcile;

import io.lockstep.event.ColumnSchema;
import io.lockstep.types.ValueNormaliser;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keys between their two forms: the canonical texts reconciliation compares and stores in
 * checkpoints, and the event-typed values ({@link io.lockstep.event.ColumnType}'s Java classes)
 * that repairs and the recovery service take.
 */
final class EventKeys {

  private EventKeys() {}

  /** The key's event-typed values by column name, in key order. */
  static Map<String, Object> typed(List<ColumnSchema> keyColumns, List<String> canonical) {
    Map<String, Object> key = new LinkedHashMap<>();
    for (int k = 0; k < keyColumns.size(); k++) {
      key.put(keyColumns.get(k).name(), typed(keyColumns.get(k), canonical.get(k)));
    }
    return key;
  }

  /** The canonical texts of a key given as values by column name (event-typed, or text). */
  static List<String> canonical(List<ColumnSchema> keyColumns, Map<String, ?> key) {
    List<String> texts = new ArrayList<>();
    for (ColumnSchema column : keyColumns) {
      if (!key.containsKey(column.name())) {
        throw new IllegalArgumentException(
            "key "
                + key
                + " has no value for key column '"
                + column.name()
                + "'; a key names "
                + keyColumns.stream().map(ColumnSchema::name).toList());
      }
      texts.add(canonical(column, key.get(column.name())));
    }
    return texts;
  }

  /** The canonical texts of a key given as values in key order (event-typed, or text). */
  static List<String> canonical(List<ColumnSchema> keyColumns, List<?> values) {
    if (values.size() != keyColumns.size()) {
      throw new IllegalArgumentException(
          "a key of "
              + keyColumns.size()
              + " columns "
              + keyColumns.stream().map(ColumnSchema::name).toList()
              + " needs "
              + keyColumns.size()
              + " values, not "
              + values);
    }
    List<String> texts = new ArrayList<>();
    for (int k = 0; k < keyColumns.size(); k++) {
      texts.add(canonical(keyColumns.get(k), values.get(k)));
    }
    return texts;
  }

  private static String canonical(ColumnSchema column, Object value) {
    Object canonical = ValueNormaliser.normalise(column, value);
    if (canonical == null) {
      throw new IllegalArgumentException("key column '" + column.name() + "' cannot be NULL");
    }
    return canonical.toString();
  }

  static Object typed(ColumnSchema column, String text) {
    try {
      return switch (column.type()) {
        case BOOLEAN -> Boolean.parseBoolean(text);
        case INT16 -> Short.valueOf(text);
        case INT32 -> Integer.valueOf(text);
        case INT64 -> Long.valueOf(text);
        case FLOAT32 -> Float.valueOf(text);
        case FLOAT64 -> Double.valueOf(text);
        case DECIMAL -> new BigDecimal(text);
        case BYTES -> text.startsWith("\\x") ? HexFormat.of().parseHex(text.substring(2)) : text;
        case UUID -> UUID.fromString(text);
        case DATE -> LocalDate.parse(text);
        case TIME -> LocalTime.parse(text);
        case TIMESTAMP -> LocalDateTime.parse(text);
        case TIMESTAMPTZ -> Instant.parse(text);
        case STRING, JSON, INTERVAL, ARRAY, OTHER -> text;
      };
    } catch (RuntimeException e) {
      return text; // NaN, infinity and other spellings only the text holds
    }
  }
}
