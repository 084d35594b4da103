package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.ChangeEvent;
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
          .field("amount", sourceType(SchemaBuilder.string().optional(), "NUMERIC"))
          .field(
              "placed_at",
              sourceType(
                  SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional(),
                  "TIMESTAMP"))
          .field("note", sourceType(SchemaBuilder.string().optional(), "TEXT"))
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
    assertThat(converter.convert(record("t", null, null, null), 3)).isNull();
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
}
