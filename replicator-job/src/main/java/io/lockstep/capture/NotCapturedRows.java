package io.lockstep.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.capture.spi.DebeziumRecords;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.contract.SerializedChange;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.event.RecordJson;
import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture's answer to a row it cannot carry: a value it cannot represent, or a change record
 * over {@code kafka.max-record-bytes}. The row goes to the dead-letter topic as {@link
 * FailedRow.Kind#NOT_CAPTURED} with its table, key and reason, and the capture goes on: failing
 * would restart the capture into the same row for ever while the source keeps its log for it. The
 * recovery service re-reads such a row from the source to repair it.
 */
final class NotCapturedRows {

  private static final Logger LOG = LoggerFactory.getLogger(NotCapturedRows.class);
  private static final ObjectMapper JSON = RecordJson.mapper();

  private final PipelineConfig config;
  private final String topic;
  private final int maxRecordBytes;
  private final Counter deadLettered;

  NotCapturedRows(PipelineConfig config, MetricGroup metrics) {
    this.config = config;
    this.topic = PipelineTopics.failedRows(config.topicPrefix());
    this.maxRecordBytes = config.get(PipelineOptions.KAFKA_MAX_RECORD_BYTES);
    this.deadLettered = metrics.counter("lockstepCaptureValuesDeadLettered");
  }

  /** The change's record, or its dead-letter record when the change is over the size limit. */
  SerializedChange recordOf(ChangeEvent change) {
    SerializedChange record;
    try {
      record = SerializedChange.of(config.topicPrefix(), change);
    } catch (RuntimeException e) {
      return deadLetter(
          change.table().qualifiedName(),
          keyJsonOf(change),
          change.position(),
          e.getClass().getSimpleName(),
          "the capture cannot encode a value of this row: " + e.getMessage());
    }
    if (record.value.length <= maxRecordBytes) {
      return record;
    }
    String keyJson = new String(record.key, StandardCharsets.UTF_8);
    return deadLetter(
        change.table().qualifiedName(),
        keyJson,
        change.position(),
        "RecordTooLarge",
        "the "
            + change.operation()
            + " is a change record of "
            + record.value.length
            + " bytes, over kafka.max-record-bytes ("
            + maxRecordBytes
            + "); raise the limit (and the broker's message.max.bytes with it) to replicate"
            + " rows this large");
  }

  private static String keyJsonOf(ChangeEvent change) {
    try {
      return new String(ChangeEventCodec.encodeKey(change), StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      return JSON.valueToTree(
              change.key().entrySet().stream()
                  .collect(
                      java.util.stream.Collectors.toMap(
                          Map.Entry::getKey, v -> String.valueOf(v.getValue()))))
          .toString();
    }
  }

  /** The dead-letter record of a row change the converter could not read. */
  SerializedChange unconvertible(SourceRecord record, RuntimeException error) {
    Struct source =
        record.value() instanceof Struct envelope && envelope.schema().field("source") != null
            ? envelope.getStruct("source")
            : null;
    String table = source == null ? record.topic() : tableOf(source);
    return deadLetter(
        table,
        keyJson(record),
        null,
        error.getClass().getSimpleName(),
        "the capture cannot represent a value of this row: " + error.getMessage());
  }

  private SerializedChange deadLetter(
      String table, String keyJson, String position, String errorClass, String message) {
    deadLettered.inc();
    LOG.warn(
        "Not capturing a row of {} key {}: {}; dead-lettered to {}",
        table,
        keyJson,
        message,
        topic);
    FailedRow row =
        new FailedRow(
            FailedRow.Kind.NOT_CAPTURED,
            config.name(),
            table,
            keyJson,
            position,
            new FailedRow.Error(errorClass, null, 0, message),
            0,
            Instant.now(),
            null,
            null,
            null);
    return new SerializedChange(
        topic, FailedRowCodec.encodeKey(row), FailedRowCodec.encodeValue(row));
  }

  private static String tableOf(Struct source) {
    String database = DebeziumRecords.string(source, "db");
    String schema =
        source.schema().field("schema") != null ? DebeziumRecords.string(source, "schema") : null;
    // MariaDB/MySQL: the database is the schema (TableId(database, database, table)).
    return database
        + "."
        + (schema != null ? schema : database)
        + "."
        + DebeziumRecords.string(source, "table");
  }

  /** The record's key as JSON, its values as Debezium gives them (strings where in doubt). */
  private static String keyJson(SourceRecord record) {
    ObjectNode key = JSON.createObjectNode();
    if (record.key() instanceof Struct struct) {
      for (Field field : struct.schema().fields()) {
        Object value = struct.get(field);
        if (value == null) {
          key.putNull(field.name());
        } else if (value instanceof Number || value instanceof Boolean) {
          key.set(field.name(), JSON.valueToTree(value));
        } else {
          key.put(field.name(), value.toString());
        }
      }
    }
    return key.toString();
  }
}
