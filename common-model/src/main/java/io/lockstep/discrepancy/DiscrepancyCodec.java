package io.lockstep.discrepancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.event.ExactJson;
import io.lockstep.event.ValueCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JSON form of {@link Discrepancy} on the {@code discrepancies} topic. The record key is the table
 * and primary key, so that every report of one row is in one partition and a consumer can treat the
 * same row reported twice as one item.
 */
public final class DiscrepancyCodec {

  /** Key values keep every digit of a decimal. */
  private static final ObjectMapper MAPPER = ExactJson.mapper();

  private DiscrepancyCodec() {}

  public static byte[] encodeKey(Discrepancy discrepancy) {
    ObjectNode key = MAPPER.createObjectNode();
    key.put("table", discrepancy.table());
    key.set("key", tree(discrepancy.keyJson()));
    return write(key);
  }

  public static byte[] encodeValue(Discrepancy discrepancy) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("v", 1);
    root.put("pipeline", discrepancy.pipeline());
    root.put("table", discrepancy.table());
    root.set("key", tree(discrepancy.keyJson()));
    root.put("kind", discrepancy.kind().name().toLowerCase(Locale.ROOT));
    ArrayNode columns = root.putArray("columns");
    for (Discrepancy.ColumnDifference column : discrepancy.columns()) {
      ObjectNode node = columns.addObject();
      node.put("column", column.column());
      node.put("source", column.source());
      node.put("target", column.target());
    }
    root.put("position", discrepancy.position());
    root.put(
        "commit_time",
        discrepancy.commitTime() == null
            ? null
            : ValueCodec.formatInstant(discrepancy.commitTime()));
    root.put("detected_at", ValueCodec.formatInstant(discrepancy.detectedAt()));
    return write(root);
  }

  public static Discrepancy decodeValue(byte[] bytes) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("not a discrepancy record", e);
    }
    List<Discrepancy.ColumnDifference> columns = new ArrayList<>();
    for (JsonNode column : root.path("columns")) {
      columns.add(
          new Discrepancy.ColumnDifference(
              text(column, "column"), text(column, "source"), text(column, "target")));
    }
    String commitTime = text(root, "commit_time");
    return new Discrepancy(
        text(root, "pipeline"),
        text(root, "table"),
        root.get("key").toString(),
        Discrepancy.Kind.valueOf(text(root, "kind").toUpperCase(Locale.ROOT)),
        columns,
        text(root, "position"),
        commitTime == null ? null : Instant.parse(commitTime),
        Instant.parse(text(root, "detected_at")));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("key is not JSON: " + json, e);
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
