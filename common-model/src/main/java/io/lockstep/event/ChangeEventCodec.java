package io.lockstep.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kafka wire format of {@link ChangeEvent}: UTF-8 JSON for both record key and value, so that
 * {@code kafka-console-consumer} shows them as they are. The layout is documented in {@code
 * docs/wire-format.md}; this class is its only implementation. Thread-safe.
 */
public final class ChangeEventCodec {

  // Values are written into an in-memory buffer: flushing after each one only costs time.
  private static final ObjectMapper MAPPER =
      RecordJson.mapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  private static final Set<String> SCALAR_FIELDS =
      Set.of("v", "op", "commit_ts", "position", "tx_id");

  /** Bound on each cache below; a pipeline has as many entries as table versions in flight. */
  private static final int CACHE_LIMIT = 4096;

  private static final Map<TableSchema, SchemaText> SCHEMA_TEXTS = new ConcurrentHashMap<>();
  private static final Map<SchemaKey, TableSchema> PARSED_SCHEMAS = new ConcurrentHashMap<>();

  private ChangeEventCodec() {}

  /** The record key: the primary-key values as a JSON object, in key order. */
  public static byte[] encodeKey(ChangeEvent event) {
    return write(rowNode(event.schema(), event.key()));
  }

  public static byte[] encodeValue(ChangeEvent event) {
    // Streamed, not built as a tree, and the schema's three fields are written from a cached
    // text: together they were a tenth of the capture's CPU (see docs/benchmarks.md).
    SchemaText schema = schemaText(event.schema());
    ByteArrayBuilder out = new ByteArrayBuilder(1024);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("v", event.version());
      g.writeStringField("op", event.operation().code());
      g.writeFieldName("table");
      g.writeRawValue(schema.table());
      g.writeFieldName("columns");
      g.writeRawValue(schema.columns());
      g.writeFieldName("key_columns");
      g.writeRawValue(schema.keyColumns());
      writeRow(g, "key", event.schema(), event.key());
      writeRow(g, "before", event.schema(), event.before());
      writeRow(g, "after", event.schema(), event.after());
      g.writeStringField("commit_ts", ValueCodec.formatInstant(event.commitTime()));
      g.writeStringField("position", event.position());
      g.writeStringField("tx_id", event.transactionId());
      if (event.origin() != null) {
        // Only on events the capture did not write, so captured events keep their old form.
        g.writeStringField("origin", event.origin());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeRow(
      JsonGenerator g, String field, TableSchema schema, Map<String, Object> row)
      throws IOException {
    g.writeFieldName(field);
    if (row == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    for (Map.Entry<String, Object> e : row.entrySet()) {
      g.writeFieldName(e.getKey());
      g.writeTree(ValueCodec.toJson(column(schema, e.getKey()), e.getValue()));
    }
    g.writeEndObject();
  }

  private static ColumnSchema column(TableSchema schema, String name) {
    return schema
        .column(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "row of " + schema.id() + " has unknown column '" + name + "'"));
  }

  /** The JSON of a schema's {@code table}, {@code columns} and {@code key_columns} fields. */
  private record SchemaText(String table, String columns, String keyColumns) {}

  private static SchemaText schemaText(TableSchema schema) {
    SchemaText text = SCHEMA_TEXTS.get(schema);
    if (text == null) {
      if (SCHEMA_TEXTS.size() > CACHE_LIMIT) {
        SCHEMA_TEXTS.clear();
      }
      ArrayNode keyColumns = MAPPER.createArrayNode();
      schema.keyColumns().forEach(keyColumns::add);
      text =
          new SchemaText(
              new String(write(tableNode(schema.id())), StandardCharsets.UTF_8),
              new String(write(columnsNode(schema.columns())), StandardCharsets.UTF_8),
              new String(write(keyColumns), StandardCharsets.UTF_8));
      SCHEMA_TEXTS.put(schema, text);
    }
    return text;
  }

  public static ChangeEvent decodeValue(byte[] bytes) {
    int version = -1;
    String op = null;
    int[] table = null;
    int[] columns = null;
    int[] keyColumns = null;
    JsonNode key = null;
    JsonNode before = null;
    JsonNode after = null;
    String commitTime = null;
    String position = null;
    String transactionId = null;
    String origin = null;
    try (JsonParser p = MAPPER.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("change event is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value.isStructStart() && SCALAR_FIELDS.contains(name)) {
          throw new IllegalArgumentException(
              "change event field '" + name + "' holds a structure, not a value");
        }
        switch (name) {
          case "v" -> version = value.isNumeric() ? p.getIntValue() : -1;
          case "op" -> op = p.getValueAsString();
          case "table" -> table = span(p, value, name);
          case "columns" -> columns = span(p, value, name);
          case "key_columns" -> keyColumns = span(p, value, name);
          case "key" -> key = p.readValueAsTree();
          case "before" -> before = p.readValueAsTree();
          case "after" -> after = p.readValueAsTree();
          case "commit_ts" -> commitTime = p.getValueAsString();
          case "position" -> position = p.getValueAsString();
          case "tx_id" -> transactionId = p.getValueAsString();
          case "origin" -> origin = p.getValueAsString();
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("change event is not valid JSON: " + e.getMessage(), e);
    }
    if (version != ChangeEvent.CURRENT_VERSION) {
      throw new IllegalArgumentException(
          "change event has envelope version "
              + version
              + ", this build reads version "
              + ChangeEvent.CURRENT_VERSION);
    }
    if (table == null || columns == null || keyColumns == null || op == null) {
      throw new IllegalArgumentException(
          "change event lacks one of the fields op, table, columns, key_columns");
    }
    TableSchema schema = schema(bytes, table, columns, keyColumns);
    if (commitTime == null || position == null) {
      throw new IllegalArgumentException(
          "change event of " + schema.id() + " lacks commit_ts or position");
    }
    return new ChangeEvent(
        version,
        Operation.fromCode(op),
        schema,
        readRow(schema, key),
        readRow(schema, before),
        readRow(schema, after),
        ValueCodec.parseInstant(commitTime),
        position,
        transactionId,
        origin);
  }

  /** Where the structured value the parser is at starts and ends in the input. */
  private static int[] span(JsonParser p, JsonToken value, String field) throws IOException {
    if (value != JsonToken.START_OBJECT && value != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException("change event field '" + field + "' is not structured");
    }
    long offset = p.currentTokenLocation().getByteOffset();
    if (offset < 0) {
      throw new IllegalArgumentException("change event is not UTF-8 JSON");
    }
    int start = (int) offset;
    p.skipChildren();
    int end = (int) p.currentTokenLocation().getByteOffset() + 1;
    return new int[] {start, end};
  }

  /**
   * The schema of an event, parsed once per distinct text: events of one table carry the same
   * schema text until its next DDL, and parsing it was most of the apply job's decoding cost.
   */
  private static TableSchema schema(byte[] bytes, int[] table, int[] columns, int[] keyColumns) {
    int length =
        (table[1] - table[0]) + (columns[1] - columns[0]) + (keyColumns[1] - keyColumns[0]);
    byte[] text = new byte[length + 2];
    int at = 0;
    for (int[] span : new int[][] {table, columns, keyColumns}) {
      System.arraycopy(bytes, span[0], text, at, span[1] - span[0]);
      at += span[1] - span[0];
      if (at < text.length) {
        text[at++] = '\n';
      }
    }
    SchemaKey cacheKey = new SchemaKey(text);
    TableSchema cached = PARSED_SCHEMAS.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    TableSchema schema;
    try {
      schema =
          parseSchema(
              MAPPER.readTree(bytes, table[0], table[1] - table[0]),
              MAPPER.readTree(bytes, columns[0], columns[1] - columns[0]),
              MAPPER.readTree(bytes, keyColumns[0], keyColumns[1] - keyColumns[0]));
    } catch (IOException e) {
      throw new IllegalArgumentException("change event schema is not valid JSON", e);
    }
    if (PARSED_SCHEMAS.size() > CACHE_LIMIT) {
      PARSED_SCHEMAS.clear();
    }
    PARSED_SCHEMAS.put(cacheKey, schema);
    return schema;
  }

  private static TableSchema parseSchema(JsonNode table, JsonNode columnsNode, JsonNode keys) {
    TableId id =
        new TableId(
            table.get("db").textValue(),
            table.get("schema").textValue(),
            table.get("name").textValue());
    List<ColumnSchema> columns = new ArrayList<>();
    for (JsonNode c : columnsNode) {
      JsonNode element = c.get("element");
      columns.add(
          new ColumnSchema(
              c.get("name").textValue(),
              ColumnType.valueOf(c.get("type").textValue()),
              element == null || element.isNull() ? null : ColumnType.valueOf(element.textValue()),
              c.path("native").asText(""),
              c.path("optional").asBoolean(true),
              optionalInt(c, "length"),
              optionalInt(c, "scale")));
    }
    List<String> keyColumns = new ArrayList<>();
    keys.forEach(k -> keyColumns.add(k.textValue()));
    return new TableSchema(id, columns, keyColumns);
  }

  /** An optional integer attribute of a column; events written before it existed lack it. */
  private static Integer optionalInt(JsonNode column, String field) {
    JsonNode value = column.get(field);
    return value == null || value.isNull() ? null : value.intValue();
  }

  /** Schema text compared by content. */
  private record SchemaKey(byte[] text) {
    @Override
    public boolean equals(Object other) {
      return other instanceof SchemaKey that && Arrays.equals(text, that.text);
    }

    /**
     * From the length, both ends and every 16th byte between: hashing every byte of a schema for
     * every event was 1-2% of the apply job's and the verifier's CPU. Texts that share this hash
     * are told apart by {@link #equals}, whose comparison is vectorised.
     */
    @Override
    public int hashCode() {
      int hash = text.length;
      int ends = Math.min(64, text.length);
      for (int i = 0; i < ends; i++) {
        hash = 31 * hash + text[i];
        hash = 31 * hash + text[text.length - 1 - i];
      }
      for (int i = ends; i < text.length - ends; i += 16) {
        hash = 31 * hash + text[i];
      }
      return hash;
    }
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
      if (c.length() != null) {
        node.put("length", c.length());
      }
      if (c.scale() != null) {
        node.put("scale", c.scale());
      }
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
