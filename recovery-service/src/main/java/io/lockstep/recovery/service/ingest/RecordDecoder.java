package io.lockstep.recovery.service.ingest;

import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.discrepancy.DiscrepancyCodec;
import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import io.lockstep.recovery.service.item.IncomingRecord;
import io.lockstep.recovery.service.item.ItemKeys;
import io.lockstep.recovery.service.item.ItemKind;
import io.lockstep.recovery.service.pipeline.TableNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a record of {@code <prefix>.failed-rows} or {@code <prefix>.discrepancies} into what the
 * store does with it. A record that cannot be read becomes an {@link ItemKind#UNDECODABLE} item of
 * its own, named by topic, partition and offset: never dropped.
 */
final class RecordDecoder {

  /** The table name under which records nobody could read are kept. */
  static final String UNDECODABLE_TABLE = "(undecodable)";

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

  Decoded decode(ConsumerRecord<byte[], byte[]> record) {
    try {
      if (record.value() == null) {
        throw new IllegalArgumentException("the record has no value");
      }
      if (record.topic().equals(failedRowsTopic)) {
        return failedRow(record, FailedRowCodec.decodeValue(record.value()));
      }
      if (record.topic().equals(discrepanciesTopic)) {
        return discrepancy(record, DiscrepancyCodec.decodeValue(record.value()));
      }
      throw new IllegalArgumentException("not a topic this service reads");
    } catch (RuntimeException e) {
      return undecodable(record, e);
    }
  }

  private Decoded failedRow(ConsumerRecord<byte[], byte[]> record, FailedRow row) {
    if (row.table() == null || row.keyJson() == null) {
      // An undecodable change-topic record the apply job could not place: nothing to re-sync.
      return undecodable(record, new IllegalArgumentException(describe(row)));
    }
    String table = TableNames.normalise(row.table());
    String key = ItemKeys.canonical(row.keyJson());
    if (row.kind() == FailedRow.Kind.RESOLVED) {
      return new Resolve(
          table,
          key,
          row.at(),
          "the apply job wrote a later full image (position " + row.position() + ")");
    }
    return new Upsert(
        new IncomingRecord(
            table,
            key,
            ItemKind.of(row.kind()),
            record.topic(),
            record.partition(),
            record.offset(),
            row.position(),
            row.at(),
            describe(row),
            text(record.value())),
        true);
  }

  private Decoded discrepancy(ConsumerRecord<byte[], byte[]> record, Discrepancy found) {
    String columns =
        found.columns().stream()
            .map(Discrepancy.ColumnDifference::column)
            .collect(Collectors.joining(", "));
    return new Upsert(
        new IncomingRecord(
            TableNames.normalise(found.table()),
            ItemKeys.canonical(found.keyJson()),
            ItemKind.of(found.kind()),
            record.topic(),
            record.partition(),
            record.offset(),
            found.position(),
            found.detectedAt(),
            "verifier: "
                + found.kind().name().toLowerCase()
                + (columns.isEmpty() ? "" : " in " + columns),
            text(record.value())),
        true);
  }

  private static String describe(FailedRow row) {
    String kind = row.kind().name().toLowerCase();
    if (row.error() == null) {
      return "apply: " + kind;
    }
    return "apply: " + kind + " (SQLSTATE " + row.error().sqlState() + ") " + row.error().message();
  }

  private static Upsert undecodable(ConsumerRecord<byte[], byte[]> record, Exception e) {
    String where =
        "{\"offset\":"
            + record.offset()
            + ",\"partition\":"
            + record.partition()
            + ",\"topic\":\""
            + record.topic().replace("\"", "")
            + "\"}";
    return new Upsert(
        new IncomingRecord(
            UNDECODABLE_TABLE,
            where,
            ItemKind.UNDECODABLE,
            record.topic(),
            record.partition(),
            record.offset(),
            null,
            record.timestamp() > 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now(),
            "cannot be read: " + e,
            record.value() == null ? null : text(record.value())),
        false);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
