package io.lockstep.recovery.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.discrepancy.Discrepancy;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ReconcileState} as JSON. Keys are kept as canonical texts; the event-typed key values of
 * differences and repairs are written as text and typed again by the run that resumes.
 */
final class ReconcileStateJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  private ReconcileStateJson() {}

  static String write(ReconcileState state) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("table", state.table());
    root.put("wholeTable", state.wholeTable());
    root.put("repair", state.repair());
    root.put("rowsPerSecond", state.rowsPerSecond());
    strings(root.putArray("columns"), state.columns());
    root.put("leafRows", state.leafRows());
    root.put("bucketsPerQuery", state.bucketsPerQuery());
    root.put("repairBatch", state.repairBatch());
    ArrayNode keys = root.putArray("keys");
    state.keys().forEach(k -> strings(keys.addArray(), k));
    ArrayNode pending = root.putArray("pending");
    for (KeyRange range : state.pending()) {
      ObjectNode r = pending.addObject();
      if (range.lower() != null) {
        strings(r.putArray("lower"), range.lower());
      }
      if (range.upper() != null) {
        strings(r.putArray("upper"), range.upper());
      }
      if (range.sourceRows() != null) {
        r.put("sourceRows", range.sourceRows());
      }
      if (range.targetRows() != null) {
        r.put("targetRows", range.targetRows());
      }
    }
    ArrayNode differences = root.putArray("differences");
    for (Difference d : state.differences()) {
      ObjectNode node = differences.addObject();
      node.put("table", d.table());
      key(node.putObject("key"), d.key());
      strings(node.putArray("keyText"), d.keyText());
      node.put("kind", d.kind().name());
      ArrayNode columns = node.putArray("columns");
      for (Discrepancy.ColumnDifference c : d.columns()) {
        columns
            .addObject()
            .put("column", c.column())
            .put("source", c.source())
            .put("target", c.target());
      }
    }
    ArrayNode repairs = root.putArray("repairs");
    for (RepairOutcome o : state.repairs()) {
      ObjectNode node = repairs.addObject();
      key(node.putObject("key"), o.key());
      node.put("action", o.action()).put("consistent", o.consistent()).put("detail", o.detail());
    }
    root.put("rangesDone", state.rangesDone());
    root.put("rowsCompared", state.rowsCompared());
    root.put("complete", state.complete());
    return root.toString();
  }

  static ReconcileState read(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a reconciliation checkpoint: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.path("version").asInt() != VERSION) {
      throw new IllegalArgumentException(
          "not a version-" + VERSION + " reconciliation checkpoint; start a new run instead");
    }
    List<List<String>> keys = new ArrayList<>();
    root.path("keys").forEach(k -> keys.add(strings(k)));
    List<KeyRange> pending = new ArrayList<>();
    for (JsonNode r : root.path("pending")) {
      pending.add(
          new KeyRange(
              r.has("lower") ? strings(r.get("lower")) : null,
              r.has("upper") ? strings(r.get("upper")) : null,
              r.has("sourceRows") ? r.get("sourceRows").asLong() : null,
              r.has("targetRows") ? r.get("targetRows").asLong() : null));
    }
    List<Difference> differences = new ArrayList<>();
    for (JsonNode d : root.path("differences")) {
      List<Discrepancy.ColumnDifference> columns = new ArrayList<>();
      for (JsonNode c : d.path("columns")) {
        columns.add(
            new Discrepancy.ColumnDifference(
                c.path("column").asText(), text(c.get("source")), text(c.get("target"))));
      }
      differences.add(
          new Difference(
              d.path("table").asText(),
              key(d.path("key")),
              strings(d.path("keyText")),
              Discrepancy.Kind.valueOf(d.path("kind").asText()),
              columns));
    }
    List<RepairOutcome> repairs = new ArrayList<>();
    for (JsonNode o : root.path("repairs")) {
      repairs.add(
          new RepairOutcome(
              key(o.path("key")),
              o.path("action").asText(),
              o.path("consistent").asBoolean(),
              o.path("detail").asText()));
    }
    return new ReconcileState(
        root.path("table").asText(),
        root.path("wholeTable").asBoolean(),
        root.path("repair").asBoolean(),
        root.path("rowsPerSecond").asLong(),
        strings(root.path("columns")),
        root.path("leafRows").asInt(ReconcileRequest.DEFAULT_LEAF_ROWS),
        root.path("bucketsPerQuery").asInt(ReconcileRequest.DEFAULT_BUCKETS_PER_QUERY),
        root.path("repairBatch").asInt(ReconcileRequest.DEFAULT_REPAIR_BATCH),
        keys,
        pending,
        differences,
        repairs,
        root.path("rangesDone").asLong(),
        root.path("rowsCompared").asLong(),
        root.path("complete").asBoolean());
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(text(v)));
    return values;
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() ? null : value.asText();
  }

  private static void key(ObjectNode node, Map<String, Object> key) {
    key.forEach(
        (column, value) ->
            node.put(
                column,
                value instanceof byte[] bytes
                    ? "\\x" + HexFormat.of().formatHex(bytes)
                    : String.valueOf(value)));
  }

  private static Map<String, Object> key(JsonNode node) {
    Map<String, Object> key = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> key.put(e.getKey(), e.getValue().asText()));
    return key;
  }
}
