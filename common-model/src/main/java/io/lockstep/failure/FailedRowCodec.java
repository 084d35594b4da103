package io.lockstep.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.event.RecordJson;
import io.lockstep.event.ValueCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * JSON form of {@link FailedRow} on the {@code failed-rows} topic (documented in
 * docs/failure-handling.md). The embedded change event has the change topics' format.
 */
public final class FailedRowCodec {

  private static final ObjectMapper MAPPER = RecordJson.mapper();

  private FailedRowCodec() {}

  /** The record key: table and primary key, so every record of one row is in one partition. */
  public static byte[] encodeKey(FailedRow row) {
    ObjectNode key = MAPPER.createObjectNode();
    key.put("table", row.table());
    key.set("key", parse(row.keyJson()));
    return write(key);
  }

  public static byte[] encodeValue(FailedRow row) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("v", 1);
    root.put("kind", row.kind().name().toLowerCase());
    root.put("pipeline", row.pipeline());
    root.put("table", row.table());
    root.set("key", parse(row.keyJson()));
    root.put("position", row.position());
    if (row.error() != null) {
      ObjectNode error = root.putObject("error");
      error.put("class", row.error().errorClass());
      error.put("sql_state", row.error().sqlState());
      error.put("vendor_code", row.error().vendorCode());
      error.put("message", row.error().message());
    }
    root.put("attempts", row.attempts());
    root.put("at", ValueCodec.formatInstant(row.at()));
    root.put("related_position", row.relatedPosition());
    root.set(
        "event",
        row.event() == null ? null : parseBytes(ChangeEventCodec.encodeValue(row.event())));
    root.put("raw", row.raw());
    return write(root);
  }

  public static FailedRow decodeValue(byte[] bytes) {
    JsonNode root = parseBytes(bytes);
    JsonNode error = root.get("error");
    JsonNode event = root.get("event");
    return new FailedRow(
        FailedRow.Kind.valueOf(root.get("kind").textValue().toUpperCase()),
        text(root, "pipeline"),
        text(root, "table"),
        root.get("key") == null || root.get("key").isNull() ? null : root.get("key").toString(),
        text(root, "position"),
        error == null
            ? null
            : new FailedRow.Error(
                text(error, "class"),
                text(error, "sql_state"),
                error.path("vendor_code").asInt(),
                text(error, "message")),
        root.path("attempts").asInt(),
        Instant.parse(root.get("at").textValue()),
        text(root, "related_position"),
        event == null || event.isNull()
            ? null
            : ChangeEventCodec.decodeValue(event.toString().getBytes(StandardCharsets.UTF_8)),
        text(root, "raw"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      return MAPPER.getNodeFactory().textNode(json);
    }
  }

  private static JsonNode parseBytes(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
