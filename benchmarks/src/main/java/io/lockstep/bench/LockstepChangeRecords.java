package io.lockstep.bench;

import io.lockstep.contract.PipelineTopics;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The apply backlog in Lockstep's wire format, as the capture would have written it from a
 * PostgreSQL source with the default replica identity (deletes carry the key only).
 */
final class LockstepChangeRecords {

  static final TableId TABLE = new TableId("postgres", "public", "orders");

  private static final TableSchema SCHEMA =
      new TableSchema(
          TABLE,
          List.of(
              new ColumnSchema("id", ColumnType.INT64, null, "int8", false),
              new ColumnSchema("customer", ColumnType.STRING, null, "text", false),
              new ColumnSchema("amount", ColumnType.DECIMAL, null, "numeric", false),
              new ColumnSchema("updated_at", ColumnType.TIMESTAMPTZ, null, "timestamptz", false),
              new ColumnSchema("attrs", ColumnType.JSON, null, "jsonb", false),
              new ColumnSchema("version", ColumnType.INT64, null, "int8", false)),
          List.of("id"));

  private LockstepChangeRecords() {}

  static String topic(String prefix) {
    return PipelineTopics.changes(prefix, TABLE);
  }

  /** The event of the {@code index}-th change; 100 changes to a source transaction. */
  static ChangeEvent event(ChangeWorkload.RowChange change, long index, Instant commitTime) {
    long transaction = index / 100;
    String position = SourcePosition.postgres(1, transaction * 10_000, index + 1);
    String tx = Long.toString(transaction);
    long id = change.id();
    return switch (change.kind()) {
      case INSERT ->
          ChangeEvent.insert(SCHEMA, row(id, change.version()), commitTime, position, tx);
      case UPDATE ->
          ChangeEvent.update(SCHEMA, null, row(id, change.version()), commitTime, position, tx);
      case DELETE -> ChangeEvent.delete(SCHEMA, Map.of("id", id), commitTime, position, tx);
    };
  }

  static byte[] key(ChangeEvent event) {
    return ChangeEventCodec.encodeKey(event);
  }

  static byte[] value(ChangeEvent event) {
    return ChangeEventCodec.encodeValue(event);
  }

  private static Map<String, Object> row(long id, long version) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("customer", OrdersTable.customer(id, version));
    row.put("amount", OrdersTable.amount(id, version));
    row.put("updated_at", OrdersTable.updatedAt(id, version));
    row.put("attrs", OrdersTable.attrs(id, version));
    row.put("version", version);
    return row;
  }
}
