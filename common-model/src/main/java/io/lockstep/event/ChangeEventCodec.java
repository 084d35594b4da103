package io.lockstep.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka wire format of {@link ChangeEvent}: UTF-8 JSON for both record key and value, so that
 * {@code kafka-console-consumer} shows them as they are. The layout is documented in {@code
 * docs/wire-format.md}; this class is its only implementation. Thread-safe.
 */
public final class ChangeEventCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ChangeEventCodec() {}

  /** The record key: the primary-key values as a JSON object, in key order. */
  public static byte[] encodeKey(ChangeEvent event) {
    return write(rowNode(event.schema(), event.key()));
  }

  public static byte[] encodeValue(ChangeEvent event) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("v", event.version());
    root.put("op", event.operation().code());
    root.set("table", tableNode(event.table()));
    root.set("columns", columnsNode(event.schema().columns()));
    ArrayNode keyColumns = root.putArray("key_columns");
    event.schema().keyColumns().forEach(keyColumns::add);
    root.set("key", rowNode(event.schema(), event.key()));
    root.set("before", event.before() == null ? null : rowNode(event.schema(), event.before()));
    root.set("after", event.after() == null ? null : rowNode(event.schema(), event.after()));
    root.put("commit_ts", ValueCodec.formatInstant(event.commitTime()));
    root.put("position", event.position());
    root.put("tx_id", event.transactionId());
    return write(root);
  }

  public static ChangeEvent decodeValue(byte[] bytes) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("change event is not valid JSON: " + e.getMessage(), e);
    }
    int version = root.path("v").asInt(-1);
    if (version != ChangeEvent.CURRENT_VERSION) {
      throw new IllegalArgumentException(
          "change event has envelope version "
              + version
              + ", this build reads version "
              + ChangeEvent.CURRENT_VERSION);
    }
    JsonNode table = root.get("table");
    TableId id =
        new TableId(
            table.get("db").textValue(),
            table.get("schema").textValue(),
            table.get("name").textValue());
    List<ColumnSchema> columns = new ArrayList<>();
    for (JsonNode c : root.get("columns")) {
      JsonNode element = c.get("element");
      columns.add(
          new ColumnSchema(
              c.get("name").textValue(),
              ColumnType.valueOf(c.get("type").textValue()),
              element == null || element.isNull() ? null : ColumnType.valueOf(element.textValue()),
              c.path("native").asText(""),
              c.path("optional").asBoolean(true)));
    }
    List<String> keyColumns = new ArrayList<>();
    root.get("key_columns").forEach(k -> keyColumns.add(k.textValue()));
    TableSchema schema = new TableSchema(id, columns, keyColumns);
    return new ChangeEvent(
        version,
        Operation.fromCode(root.get("op").textValue()),
        schema,
        readRow(schema, root.get("key")),
        readRow(schema, root.get("before")),
        readRow(schema, root.get("after")),
        Instant.parse(root.get("commit_ts").textValue()),
        root.get("position").textValue(),
        root.path("tx_id").isNull() ? null : root.path("tx_id").asText(null));
  }

  private static ObjectNode tableNode(TableId id) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("db", id.database());
    node.put("schema", id.schema());
    node.put("name", id.table());
    return node;
  }

  private static ArrayNode columnsNode(List<ColumnSchema> columns) {
    ArrayNode array = MAPPER.createArrayNode();
    for (ColumnSchema c : columns) {
      ObjectNode node = array.addObject();
      node.put("name", c.name());
      node.put("type", c.type().name());
      if (c.elementType() != null) {
        node.put("element", c.elementType().name());
      }
      node.put("native", c.nativeType());
      node.put("optional", c.optional());
    }
    return array;
  }

  private static ObjectNode rowNode(TableSchema schema, Map<String, Object> row) {
    ObjectNode node = MAPPER.createObjectNode();
    for (Map.Entry<String, Object> e : row.entrySet()) {
      ColumnSchema column =
          schema
              .column(e.getKey())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "row of " + schema.id() + " has unknown column '" + e.getKey() + "'"));
      node.set(e.getKey(), ValueCodec.toJson(column, e.getValue()));
    }
    return node;
  }

  private static Map<String, Object> readRow(TableSchema schema, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    Map<String, Object> row = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            e -> {
              ColumnSchema column =
                  schema
                      .column(e.getKey())
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException(
                                  "event of "
                                      + schema.id()
                                      + " has a value for unknown column '"
                                      + e.getKey()
                                      + "'"));
              row.put(e.getKey(), ValueCodec.fromJson(column, e.getValue()));
            });
    return row;
  }

  private static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
