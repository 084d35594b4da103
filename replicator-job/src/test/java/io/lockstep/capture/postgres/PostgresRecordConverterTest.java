package io.lockstep.capture.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.Operation;
import io.lockstep.event.SourcePosition;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Records shaped as the Debezium PostgreSQL connector emits them with DebeziumProperties. */
class PostgresRecordConverterTest {

  private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
  private static final Schema ROW =
      SchemaBuilder.struct()
          .optional()
          .field("id", Schema.INT64_SCHEMA)
          .field(
              "amount",
              sourceType(
                  SchemaBuilder.string()
                      .optional()
                      .parameter("__debezium.source.column.length", "12")
                      .parameter("__debezium.source.column.scale", "2"),
                  "NUMERIC"))
          .field(
              "placed_at",
              sourceType(
                  SchemaBuilder.int64()
                      .name("io.debezium.time.MicroTimestamp")
                      .optional()
                      .parameter("__debezium.source.column.length", "29")
                      .parameter("__debezium.source.column.scale", "3"),
                  "TIMESTAMP"))
          .field(
              "note",
              sourceType(
                  SchemaBuilder.string()
                      .optional()
                      .parameter("__debezium.source.column.length", "2147483647"),
                  "TEXT"))
          .field(
              "code",
              sourceType(
                  SchemaBuilder.string()
                      .optional()
                      .parameter("__debezium.source.column.length", "40")
                      .parameter("__debezium.source.column.scale", "0"),
                  "VARCHAR"))
          .build();
  private static final Schema SOURCE =
      SchemaBuilder.struct()
          .field("db", Schema.STRING_SCHEMA)
          .field("schema", Schema.STRING_SCHEMA)
          .field("table", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
          .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
          .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
          .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  private static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .field("before", ROW)
          .field("after", ROW)
          .field("source", SOURCE)
          .field("op", Schema.STRING_SCHEMA)
          .build();

  private final PostgresRecordConverter converter = new PostgresRecordConverter();

  @Test
  void updateBecomesATypedChangeWithItsStreamPosition() {
    Struct after =
        new Struct(ROW)
            .put("id", 7L)
            .put("amount", "12.50")
            .put("placed_at", 1_700_000_000_123_456L)
            .put("note", "hi");
    ChangeEvent event = converter.convert(record("u", null, after, "[\"1000\",\"2048\"]"), 3);

    assertThat(event.operation()).isEqualTo(Operation.UPDATE);
    assertThat(event.table().qualifiedName()).isEqualTo("shop.public.orders");
    assertThat(event.key()).containsExactly(Map.entry("id", 7L));
    assertThat(event.after().get("amount")).isEqualTo(new BigDecimal("12.50"));
    assertThat(event.after().get("placed_at"))
        .isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_456_000));
    assertThat(event.schema().column("amount").orElseThrow().type()).isEqualTo(ColumnType.DECIMAL);
    assertThat(event.schema().column("amount").orElseThrow().nativeType()).isEqualTo("numeric");
    assertThat(event.position()).isEqualTo(SourcePosition.postgres(3, 1000, 2048));
    assertThat(event.commitTime()).isEqualTo(Instant.parse("2024-01-01T00:00:00.000001Z"));
    assertThat(event.transactionId()).isEqualTo("555");
  }

  @Test
  void declaredSizesAreCarriedAsTheTypeMappingReadsThem() {
    ChangeEvent event =
        converter.convert(record("c", null, new Struct(ROW).put("id", 1L), "[null,\"16\"]"), 3);

    ColumnSchema amount = event.schema().column("amount").orElseThrow();
    assertThat(amount.length()).isEqualTo(12);
    assertThat(amount.scale()).isEqualTo(2);
    // Debezium reports JDBC's width of the text (29) and its fractional digits (3).
    assertThat(event.schema().column("placed_at").orElseThrow().length()).isEqualTo(3);
    assertThat(event.schema().column("code").orElseThrow().length()).isEqualTo(40);
    assertThat(event.schema().column("note").orElseThrow().length()).isNull();
  }

  @Test
  void unchangedToastValueIsLeftOutNotWritten() {
    Struct after =
        new Struct(ROW)
            .put("id", 7L)
            .put("amount", "1.00")
            .put("note", PostgresRecordConverter.UNAVAILABLE_VALUE);
    ChangeEvent event = converter.convert(record("u", null, after, "[null,\"16\"]"), 3);

    assertThat(event.after()).containsKeys("id", "amount").doesNotContainKey("note");
  }

  @Test
  void snapshotReadsSortBeforeStreamedChanges() {
    Struct after = new Struct(ROW).put("id", 1L);
    ChangeEvent read = converter.convert(record("r", null, after, "[null,\"5000\"]"), 3);
    ChangeEvent firstStreamed = converter.convert(record("c", null, after, "[null,\"16\"]"), 3);

    assertThat(read.operation()).isEqualTo(Operation.SNAPSHOT_READ);
    assertThat(read.position()).isEqualTo(SourcePosition.snapshot(3));
    assertThat(read.position()).isLessThan(firstStreamed.position());
  }

  @Test
  void deleteTakesItsKeyFromTheBeforeImage() {
    Struct before = new Struct(ROW).put("id", 9L);
    ChangeEvent event = converter.convert(record("d", before, null, "[\"1\",\"2\"]"), 3);

    assertThat(event.operation()).isEqualTo(Operation.DELETE);
    assertThat(event.key()).containsExactly(Map.entry("id", 9L));
    assertThat(event.after()).isNull();
  }

  @Test
  void recordsWithoutARowChangeAreSkipped() {
    Schema heartbeat = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();
    SourceRecord record =
        new SourceRecord(
            Map.of("server", "shop"),
            Map.of("lsn", 1L),
            "__debezium-heartbeat.shop",
            null,
            heartbeat,
            new Struct(heartbeat).put("ts_ms", 1L));
    assertThat(converter.convert(record, 3)).isNull();
  }

  @Test
  void aTruncateIsAKeylessEventOfItsTableAtItsPosition() {
    ChangeEvent truncate = converter.convert(record("t", null, null, "[\"1024\",\"2048\"]"), 3);

    assertThat(truncate.isTruncate()).isTrue();
    assertThat(truncate.table())
        .isEqualTo(new io.lockstep.event.TableId("shop", "public", "orders"));
    assertThat(truncate.key()).isEmpty();
    assertThat(truncate.schema().columns()).isEmpty();
    assertThat(truncate.before()).isNull();
    assertThat(truncate.after()).isNull();
    assertThat(truncate.position()).isEqualTo(SourcePosition.postgres(3, 1024, 2048));
    assertThat(truncate.transactionId()).isEqualTo("555");
  }

  private static SourceRecord record(String op, Struct before, Struct after, String sequence) {
    Struct source =
        new Struct(SOURCE)
            .put("db", "shop")
            .put("schema", "public")
            .put("table", "orders")
            .put("ts_ms", 1_704_067_200_000L)
            .put("ts_us", 1_704_067_200_000_001L)
            .put("txId", 555L)
            .put("lsn", 2048L)
            .put("sequence", sequence);
    Struct envelope =
        new Struct(ENVELOPE)
            .put("before", before)
            .put("after", after)
            .put("source", source)
            .put("op", op);
    Struct key = new Struct(KEY).put("id", 1L);
    return new SourceRecord(
        Map.of("server", "shop"),
        Map.of("lsn", 2048L),
        "shop.public.orders",
        null,
        KEY,
        key,
        ENVELOPE,
        envelope);
  }

  private static Schema sourceType(SchemaBuilder builder, String type) {
    return builder.parameter("__debezium.source.column.type", type).build();
  }

  @Test
  void snapshotTimestampsBeforeTheGregorianCalendarKeepTheSourcesFields() {
    io.lockstep.event.TableSchema schema =
        new io.lockstep.event.TableSchema(
            new io.lockstep.event.TableId("db", "s", "t"),
            java.util.List.of(
                new ColumnSchema("id", ColumnType.INT32, null, "int4", false),
                new ColumnSchema("ts", ColumnType.TIMESTAMP, null, "timestamp", true)),
            java.util.List.of("id"));
    // What the snapshot of 1000-01-01 00:00 and of 0044-03-15 12:00 BC arrive as: the Julian
    // epoch value read in the proleptic Gregorian calendar.
    Map<String, Object> medieval =
        new java.util.HashMap<>(
            Map.of("id", 1, "ts", LocalDateTime.of(1000, 1, 6, 0, 0, 0, 1_000)));
    Map<String, Object> modern =
        new java.util.HashMap<>(Map.of("id", 2, "ts", LocalDateTime.of(2024, 2, 29, 12, 0)));

    PostgresRecordConverter.julianSnapshotTimestamps(schema, medieval);
    PostgresRecordConverter.julianSnapshotTimestamps(schema, modern);

    assertThat(medieval.get("ts")).isEqualTo(LocalDateTime.of(1000, 1, 1, 0, 0, 0, 1_000));
    assertThat(modern.get("ts")).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 0));
  }
}
