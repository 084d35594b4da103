package io.lockstep.bench;

import io.debezium.data.Envelope;
import io.debezium.data.Json;
import io.debezium.time.ZonedTimestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * The same backlog as Debezium's PostgreSQL connector writes it with the JSON converter and schemas
 * (the setup without a schema registry): the form Debezium's JDBC sink reads.
 */
final class DebeziumChangeRecords {

  private static final Schema KEY =
      SchemaBuilder.struct()
          .name("bench.public.orders.Key")
          .field("id", Schema.INT64_SCHEMA)
          .build();

  private static final Schema ROW =
      SchemaBuilder.struct()
          .name("bench.public.orders.Value")
          .field("id", Schema.INT64_SCHEMA)
          .field("customer", Schema.STRING_SCHEMA)
          .field("amount", Decimal.schema(2))
          .field("updated_at", ZonedTimestamp.schema())
          .field("attrs", Json.schema())
          .field("version", Schema.INT64_SCHEMA)
          // Before and after images are optional structs in Debezium's envelope.
          .optional()
          .build();

  private static final Schema SOURCE =
      SchemaBuilder.struct()
          .name("io.debezium.connector.postgresql.Source")
          .field("version", Schema.STRING_SCHEMA)
          .field("connector", Schema.STRING_SCHEMA)
          .field("name", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .field("db", Schema.STRING_SCHEMA)
          .field("schema", Schema.STRING_SCHEMA)
          .field("table", Schema.STRING_SCHEMA)
          .field("lsn", Schema.INT64_SCHEMA)
          .build();

  private static final Envelope ENVELOPE =
      Envelope.defineSchema()
          .withName("bench.public.orders.Envelope")
          .withRecord(ROW)
          .withSource(SOURCE)
          .build();

  private final JsonConverter keys = new JsonConverter();
  private final JsonConverter values = new JsonConverter();
  private final String topic;

  DebeziumChangeRecords(String topic) {
    this.topic = topic;
    keys.configure(Map.of("schemas.enable", "true"), true);
    values.configure(Map.of("schemas.enable", "true"), false);
  }

  byte[] key(long id) {
    return keys.fromConnectData(topic, KEY, new Struct(KEY).put("id", id));
  }

  byte[] value(ChangeWorkload.RowChange change, long index, Instant commitTime) {
    Struct source =
        new Struct(SOURCE)
            .put("version", "3.5.0.Final")
            .put("connector", "postgresql")
            .put("name", "bench")
            .put("ts_ms", commitTime.toEpochMilli())
            .put("db", "postgres")
            .put("schema", "public")
            .put("table", "orders")
            .put("lsn", index + 1);
    long id = change.id();
    Struct envelope =
        switch (change.kind()) {
          case INSERT -> ENVELOPE.create(row(id, change.version()), source, commitTime);
          case UPDATE ->
              ENVELOPE.update(
                  row(id, change.version() - 1), row(id, change.version()), source, commitTime);
          case DELETE -> ENVELOPE.delete(row(id, change.version()), source, commitTime);
        };
    return values.fromConnectData(topic, ENVELOPE.schema(), envelope);
  }

  private static Struct row(long id, long version) {
    return new Struct(ROW)
        .put("id", id)
        .put("customer", OrdersTable.customer(id, version))
        .put("amount", OrdersTable.amount(id, version))
        .put(
            "updated_at",
            ZonedTimestamp.FORMATTER.format(
                OrdersTable.updatedAt(id, version).atOffset(ZoneOffset.UTC)))
        .put("attrs", OrdersTable.attrs(id, version))
        .put("version", version);
  }
}
