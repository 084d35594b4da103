package io.lockstep.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The record key of a change event ({@link ChangeEventCodec#encodeKey}: the key columns' values as
 * a JSON object in key order, {@code {"id":5}}) without the event around it: the failed-rows and
 * discrepancy records carry it as text, and recovery turns it back into typed key values.
 */
public final class RecordKeys {

  private static final ObjectMapper MAPPER = RecordJson.mapper();

  private RecordKeys() {}

  /**
   * The typed key values of {@code keyJson}, in key order.
   *
   * @throws IllegalArgumentException when it is not a JSON object of exactly the table's key
   *     columns, or a value does not fit its column's type
   */
  public static Map<String, Object> decode(TableSchema schema, String keyJson) {
    JsonNode node;
    try {
      node = MAPPER.readTree(keyJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "record key of " + schema.id() + " is not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "record key of " + schema.id() + " is not a JSON object: " + keyJson);
    }
    TreeSet<String> given = new TreeSet<>();
    node.fieldNames().forEachRemaining(given::add);
    if (!given.equals(new TreeSet<>(schema.keyColumns()))) {
      throw new IllegalArgumentException(
          "record key "
              + keyJson
              + " names columns "
              + given
              + ", but the key of "
              + schema.id()
              + " is "
              + schema.keyColumns()
              + " (has the table's key changed since the record was written?)");
    }
    Map<String, Object> key = new LinkedHashMap<>();
    for (String name : schema.keyColumns()) {
      ColumnSchema column = schema.column(name).orElseThrow();
      key.put(name, value(schema, column, node.get(name)));
    }
    return key;
  }

  public static Map<String, Object> decode(TableSchema schema, byte[] keyJson) {
    return decode(schema, new String(keyJson, StandardCharsets.UTF_8));
  }

  private static Object value(TableSchema schema, ColumnSchema column, JsonNode value) {
    try {
      return ValueCodec.fromJson(column, value);
    } catch (DateTimeParseException e) {
      if (column.type() == ColumnType.TIME && value.isTextual()) {
        // A MariaDB/MySQL TIME outside a day: events carry its text (typed OTHER).
        return value.textValue();
      }
      throw invalid(schema, column, value, e);
    } catch (RuntimeException e) {
      throw invalid(schema, column, value, e);
    }
  }

  private static IllegalArgumentException invalid(
      TableSchema schema, ColumnSchema column, JsonNode value, RuntimeException e) {
    return new IllegalArgumentException(
        "key column '"
            + column.name()
            + "' of "
            + schema.id()
            + " is "
            + column.type()
            + ", but the record key holds "
            + value
            + ": "
            + e.getMessage(),
        e);
  }

  /** The record key of {@code key} (values of the key columns), byte for byte as events have it. */
  public static byte[] encode(TableSchema schema, Map<String, Object> key) {
    ObjectNode node = MAPPER.createObjectNode();
    for (String name : schema.keyColumns()) {
      if (!key.containsKey(name)) {
        throw new IllegalArgumentException(
            "key " + key + " of " + schema.id() + " lacks key column '" + name + "'");
      }
      node.set(name, ValueCodec.toJson(schema.column(name).orElseThrow(), key.get(name)));
    }
    for (String name : key.keySet()) {
      if (!schema.keyColumns().contains(name)) {
        throw new IllegalArgumentException(
            "key " + key + " of " + schema.id() + " has '" + name + "', not a key column");
      }
    }
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the record key of " + schema.id(), e);
    }
  }

  /** {@link #encode} as text. */
  public static String encodeToString(TableSchema schema, Map<String, Object> key) {
    return new String(encode(schema, key), StandardCharsets.UTF_8);
  }
}
