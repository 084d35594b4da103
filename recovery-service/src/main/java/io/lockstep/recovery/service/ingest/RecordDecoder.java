package io.lockstep.recovery.service.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.failure.FailedRow;
import io.lockstep.recovery.service.item.IncomingRecord;
import io.lockstep.recovery.service.item.ItemKeys;
import io.lockstep.recovery.service.item.ItemKind;
import io.lockstep.recovery.service.item.RecordText;
import io.lockstep.recovery.service.item.StoreText;
import io.lockstep.recovery.service.pipeline.TableNames;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a record of {@code <prefix>.failed-rows} or {@code <prefix>.discrepancies} into what the
 * store does with it. A record that cannot be read, or that does not name a table and a key,
 * becomes an {@link ItemKind#UNDECODABLE} item of its own, named by topic, partition and offset:
 * never dropped, never an exception.
 *
 * <p>It reads the fields the service uses (docs/failure-handling.md, docs/verification.md) from the
 * JSON itself, through {@link TopicRecordJson}, rather than through common-model's codecs: it needs
 * none of the bulk (the change event, column values), and its reader takes strings of 64 MiB.
 */
final class RecordDecoder {

  /** The record versions this build reads. */
  static final int VERSION = 1;

  /**
   * Longer table names are refused: no database has them (PostgreSQL's identifiers have 63 bytes),
   * and the store's unique index holds the name itself.
   */
  static final int MAX_TABLE_NAME_LENGTH = 512;

  private final String failedRowsTopic;
  private final String discrepanciesTopic;

  RecordDecoder(String failedRowsTopic, String discrepanciesTopic) {
    this.failedRowsTopic = failedRowsTopic;
    this.discrepanciesTopic = discrepanciesTopic;
  }

  /** What one record asks of the store. */
  sealed interface Decoded {}

  /** An item to add or update. {@code retryable} is false for what no retry can fix. */
  record Upsert(IncomingRecord record, boolean retryable) implements Decoded {}

  /** The pipeline reports the row consistent again. */
  record Resolve(String table, String keyJson, Instant at, String detail) implements Decoded {}

  /** A record this decoder does not take, and why; the message is the item's reason. */
  private static final class Unreadable extends RuntimeException {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  Decoded decode(ConsumerRecord<byte[], byte[]> record) {
    try {
      if (record.value() == null) {
        throw new Unreadable("the record has no value");
      }
      if (record.topic().equals(failedRowsTopic)) {
        return failedRow(record, object(record.value()));
      }
      if (record.topic().equals(discrepanciesTopic)) {
        return discrepancy(record, object(record.value()));
      }
      throw new Unreadable("not a topic this service reads");
    } catch (RuntimeException | IOException e) {
      return new Upsert(RowlessItems.undecodable(record, reason(e)), false);
    }
  }

  private Decoded failedRow(ConsumerRecord<byte[], byte[]> record, JsonNode root) {
    FailedRow.Kind kind = failedRowKind(required(root, "kind"));
    String table = table(root, kind);
    String key = key(root);
    String position = text(root, "position");
    Instant at = instant(root, "at");
    if (kind == FailedRow.Kind.RESOLVED) {
      return new Resolve(
          table, key, at, "the apply job wrote a later full image (position " + position + ")");
    }
    return new Upsert(
        new IncomingRecord(
            table,
            key,
            ItemKind.of(kind),
            record.topic(),
            record.partition(),
            record.offset(),
            position,
            at,
            StoreText.shorten(describe(kind, root.get("error")), RowlessItems.MAX_REASON_LENGTH),
            RecordText.of(record.value())),
        // A truncate (refused by the capture, or one the target refused: key {}) names a table:
        // an operator decides, no retry can (MANUAL).
        ItemKind.of(kind).namesARow() && !ItemKeys.namesATable(key));
  }

  private Decoded discrepancy(ConsumerRecord<byte[], byte[]> record, JsonNode root) {
    Discrepancy.Kind kind = discrepancyKind(required(root, "kind"));
    String table = table(root, null);
    String key = key(root);
    List<String> columns = new ArrayList<>();
    for (JsonNode column : root.path("columns")) {
      columns.add(text(column, "column"));
    }
    return new Upsert(
        new IncomingRecord(
            table,
            key,
            ItemKind.of(kind),
            record.topic(),
            record.partition(),
            record.offset(),
            text(root, "position"),
            instant(root, "detected_at"),
            StoreText.shorten(
                "verifier: "
                    + kind.name().toLowerCase(Locale.ROOT)
                    + (columns.isEmpty() ? "" : " in " + String.join(", ", columns)),
                RowlessItems.MAX_REASON_LENGTH),
            RecordText.of(record.value())),
        true);
  }

  /** The record as a JSON object of a version this build reads. */
  private static JsonNode object(byte[] value) throws IOException {
    JsonNode root = TopicRecordJson.read(value);
    if (root == null || !root.isObject()) {
      throw new Unreadable("the record is not a JSON object");
    }
    JsonNode version = root.get("v");
    if (version == null || !version.canConvertToInt() || version.asInt() != VERSION) {
      throw new Unreadable(
          "the record's version "
              + (version == null ? "is missing" : "is " + version)
              + "; this build reads version "
              + VERSION);
    }
    return root;
  }

  private static FailedRow.Kind failedRowKind(String kind) {
    try {
      return FailedRow.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Unreadable("'" + kind + "' is not a failed-rows kind this build knows");
    }
  }

  private static Discrepancy.Kind discrepancyKind(String kind) {
    try {
      return Discrepancy.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Unreadable("'" + kind + "' is not a discrepancy kind this build knows");
    }
  }

  /** {@code schema.table}; a record without one names no row (the apply job's undecodable ones). */
  private static String table(JsonNode root, FailedRow.Kind kind) {
    String table = text(root, "table");
    if (table == null || table.isBlank()) {
      throw new Unreadable(
          "the record names no table"
              + (kind == null ? "" : " (" + kind.name().toLowerCase(Locale.ROOT) + ")"));
    }
    if (table.length() > MAX_TABLE_NAME_LENGTH) {
      throw new Unreadable(
          "the record's table name has "
              + table.length()
              + " characters; a table name has at most "
              + MAX_TABLE_NAME_LENGTH);
    }
    String normalised = TableNames.normalise(table);
    if (normalised.startsWith("(")) {
      // The names under which rowless items are kept (RowlessTables) start so.
      throw new Unreadable("the record's table name starts with '('");
    }
    return normalised;
  }

  private static String key(JsonNode root) {
    JsonNode key = root.get("key");
    if (key == null || key.isNull()) {
      throw new Unreadable("the record names no key");
    }
    return ItemKeys.canonical(key);
  }

  private static String describe(FailedRow.Kind kind, JsonNode error) {
    String name = kind.name().toLowerCase(Locale.ROOT);
    if (kind == FailedRow.Kind.TRUNCATE_REFUSED) {
      return "capture: " + name + (error == null ? "" : ": " + text(error, "message"));
    }
    if (error == null || error.isNull()) {
      return "apply: " + name;
    }
    return "apply: "
        + name
        + " (SQLSTATE "
        + text(error, "sql_state")
        + ") "
        + text(error, "message");
  }

  private static Instant instant(JsonNode root, String field) {
    String text = required(root, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new Unreadable("'" + field + "' is not a time: " + StoreText.shorten(text, 64));
    }
  }

  private static String required(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null) {
      throw new Unreadable("the record has no '" + field + "'");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String reason(Exception e) {
    if (e instanceof Unreadable) {
      return e.getMessage();
    }
    if (e instanceof JsonProcessingException json) {
      return "not JSON: " + json.getOriginalMessage();
    }
    return e.toString();
  }
}
