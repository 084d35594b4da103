package io.lockstep.recovery.service.ingest;

import io.lockstep.recovery.service.item.IncomingRecord;
import io.lockstep.recovery.service.item.ItemKind;
import io.lockstep.recovery.service.item.RecordText;
import io.lockstep.recovery.service.item.RowlessTables;
import io.lockstep.recovery.service.item.StoreText;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Items for records the ingest could not take as rows: named by topic, partition and offset, with
 * the reason and the record's value byte for byte ({@link RecordText}), so that nothing read is
 * lost and an operator can see what arrived and why it was not taken.
 */
final class RowlessItems {

  /** The most of a reason an item keeps; reasons quote database messages, which can be long. */
  static final int MAX_REASON_LENGTH = 4096;

  private RowlessItems() {}

  /** A record that could not be read. */
  static IncomingRecord undecodable(ConsumerRecord<byte[], byte[]> record, String reason) {
    return item(
        record, RowlessTables.UNDECODABLE, ItemKind.UNDECODABLE, "cannot be read: " + reason);
  }

  /** A record that was read, but that the store refused. */
  static IncomingRecord unstorable(ConsumerRecord<byte[], byte[]> record, String reason) {
    return item(
        record, RowlessTables.UNSTORABLE, ItemKind.UNSTORABLE, "cannot be stored: " + reason);
  }

  /** The key of such an item: where the record is. */
  static String place(ConsumerRecord<?, ?> record) {
    // Kafka topic names are letters, digits, '.', '_' and '-': nothing to escape.
    return "{\"offset\":"
        + record.offset()
        + ",\"partition\":"
        + record.partition()
        + ",\"topic\":\""
        + record.topic().replace("\"", "")
        + "\"}";
  }

  private static IncomingRecord item(
      ConsumerRecord<byte[], byte[]> record, String table, ItemKind kind, String error) {
    return new IncomingRecord(
        table,
        place(record),
        kind,
        record.topic(),
        record.partition(),
        record.offset(),
        null,
        record.timestamp() > 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now(),
        StoreText.shorten(error, MAX_REASON_LENGTH),
        RecordText.of(record.value()));
  }
}
