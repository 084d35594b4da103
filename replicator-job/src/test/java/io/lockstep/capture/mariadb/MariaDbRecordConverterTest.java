package io.lockstep.capture.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.contract.PipelineTopics;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.Operation;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Records shaped as Debezium's MariaDB connector emits them with DebeziumProperties (decimals as
 * strings, BIGINT UNSIGNED precise, adaptive_time_microseconds, bytes, source types propagated).
 */
class MariaDbRecordConverterTest {

  private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();

  private static final Schema ROW =
      SchemaBuilder.struct()
          .optional()
          .field("id", column(SchemaBuilder.int64(), "BIGINT", null, null))
          .field(
              "y", column(SchemaBuilder.int32().name("io.debezium.time.Year"), "YEAR", null, null))
          .field(
              "e",
              column(
                  SchemaBuilder.string()
                      .name("io.debezium.data.Enum")
                      .parameter("allowed", "small,large"),
                  "ENUM",
                  "1",
                  null))
          .field(
              "s",
              column(
                  SchemaBuilder.string()
                      .name("io.debezium.data.EnumSet")
                      .parameter("allowed", "red,green,blue"),
                  "SET",
                  "1",
                  null))
          .field("flag", column(SchemaBuilder.bool(), "BIT", "1", null))
          .field("b8", bits(8))
          .field("b16", bits(16))
          .field("big", column(Decimal.builder(0), "BIGINT UNSIGNED", "20", null))
          .field("amount", column(SchemaBuilder.string(), "DECIMAL", "38", "10"))
          .field(
              "dt",
              column(
                  SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp"),
                  "DATETIME",
                  "6",
                  null))
          .field(
              "ts",
              column(
                  SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp"),
                  "TIMESTAMP",
                  "6",
                  null))
          .field(
              "t",
              column(SchemaBuilder.int64().name("io.debezium.time.MicroTime"), "TIME", "6", null))
          .field(
              "d", column(SchemaBuilder.int32().name("io.debezium.time.Date"), "DATE", null, null))
          .field(
              "doc",
              column(SchemaBuilder.string().name("io.debezium.data.Json"), "JSON", null, null))
          .field("blob", column(SchemaBuilder.bytes(), "BLOB", null, null))
          .field("tiny", column(SchemaBuilder.int16(), "TINYINT", "1", null))
          .field("f", column(SchemaBuilder.float64(), "FLOAT", null, null))
          .field("name", column(SchemaBuilder.string(), "VARCHAR", "20", null))
          .build();

  private static final Schema SOURCE =
      SchemaBuilder.struct()
          .field("version", Schema.STRING_SCHEMA)
          .field("connector", Schema.STRING_SCHEMA)
          .field("name", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
          .field("db", Schema.STRING_SCHEMA)
          .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
          .field("table", Schema.OPTIONAL_STRING_SCHEMA)
          .field("server_id", Schema.INT64_SCHEMA)
          .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
          .field("file", Schema.STRING_SCHEMA)
          .field("pos", Schema.INT64_SCHEMA)
          .field("row", Schema.INT32_SCHEMA)
          .build();

  private static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .field("before", ROW)
          .field("after", ROW)
          .field("source", SOURCE)
          .field("op", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
          .build();

  private static final BigDecimal BIGINT_UNSIGNED_MAX = new BigDecimal("18446744073709551615");

  private final MariaDbRecordConverter converter = new MariaDbRecordConverter();

  @Test
  void insertCarriesEveryTypeExactly() {
    byte[] allBytes = new byte[256];
    for (int i = 0; i < 256; i++) {
      allBytes[i] = (byte) i;
    }
    Struct after =
        row(1)
            .put("y", 2155)
            .put("e", "large")
            .put("s", "red,blue")
            .put("flag", true)
            .put("b8", new byte[] {(byte) 0b1000_0001})
            // 0x0102 in BIT(16): Debezium's bytes are little-endian.
            .put("b16", new byte[] {0x02, 0x01})
            .put("big", BIGINT_UNSIGNED_MAX)
            .put("amount", "1234567890123456789012345678.0123456789")
            .put("dt", 1_700_000_000_123_456L)
            .put("ts", "2024-03-31T01:30:00.000001Z")
            .put("t", 86_399_999_999L)
            .put("d", 19_782)
            .put("doc", "{\"a\": [1, 2.50]}")
            .put("blob", ByteBuffer.wrap(allBytes))
            .put("tiny", (short) 1)
            .put("f", 1.100000023841858)
            .put("name", "Zoë 🙂");
    ChangeEvent event = converter.convert(record("c", null, after, offset(3, 4000, 2, 1)), 7);

    assertThat(event.operation()).isEqualTo(Operation.INSERT);
    assertThat(event.table()).isEqualTo(new TableId("shop", "shop", "orders"));
    assertThat(PipelineTopics.changes("lockstep", event.table()))
        .isEqualTo("lockstep.shop.shop.orders");
    assertThat(event.key()).containsExactly(Map.entry("id", 1L));
    assertThat(event.transactionId()).isEqualTo("0-1-42");
    assertThat(event.commitTime()).isEqualTo(Instant.parse("2024-01-01T00:00:00.000001Z"));

    Map<String, Object> values = event.after();
    assertThat(values.get("y")).isEqualTo(2155);
    assertThat(values.get("e")).isEqualTo("large");
    assertThat(values.get("s")).isEqualTo("red,blue");
    assertThat(values.get("flag")).isEqualTo(true);
    assertThat((byte[]) values.get("b8")).containsExactly((byte) 0b1000_0001);
    assertThat((byte[]) values.get("b16")).containsExactly(0x01, 0x02);
    assertThat(values.get("big")).isEqualTo(BIGINT_UNSIGNED_MAX);
    assertThat(values.get("amount"))
        .isEqualTo(new BigDecimal("1234567890123456789012345678.0123456789"));
    assertThat(((BigDecimal) values.get("amount")).scale()).isEqualTo(10);
    assertThat(values.get("dt")).isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_456_000));
    assertThat(values.get("ts")).isEqualTo(Instant.parse("2024-03-31T01:30:00.000001Z"));
    assertThat(values.get("t")).isEqualTo(LocalTime.of(23, 59, 59, 999_999_000));
    assertThat(values.get("d")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(values.get("doc")).isEqualTo("{\"a\": [1, 2.50]}");
    assertThat((byte[]) values.get("blob")).isEqualTo(allBytes);
    assertThat(values.get("tiny")).isEqualTo((short) 1);
    assertThat(values.get("f")).isEqualTo(1.1f);
    assertThat(values.get("name")).isEqualTo("Zoë 🙂");

    assertThat(types(event))
        .containsEntry("id", ColumnType.INT64)
        .containsEntry("y", ColumnType.INT32)
        .containsEntry("e", ColumnType.STRING)
        .containsEntry("s", ColumnType.STRING)
        .containsEntry("flag", ColumnType.BOOLEAN)
        .containsEntry("b8", ColumnType.BYTES)
        .containsEntry("b16", ColumnType.BYTES)
        .containsEntry("big", ColumnType.DECIMAL)
        .containsEntry("amount", ColumnType.DECIMAL)
        .containsEntry("dt", ColumnType.TIMESTAMP)
        .containsEntry("ts", ColumnType.TIMESTAMPTZ)
        .containsEntry("t", ColumnType.TIME)
        .containsEntry("d", ColumnType.DATE)
        .containsEntry("doc", ColumnType.JSON)
        .containsEntry("blob", ColumnType.BYTES)
        .containsEntry("tiny", ColumnType.INT16)
        .containsEntry("f", ColumnType.FLOAT32)
        .containsEntry("name", ColumnType.STRING);
    assertThat(event.schema().column("big").orElseThrow().nativeType())
        .isEqualTo("BIGINT UNSIGNED");
    assertThat(event.schema().column("dt").orElseThrow().nativeType()).isEqualTo("DATETIME");
    // Declared sizes: precision and scale, fractional digits, characters, bits; none for ENUM.
    assertThat(lengthAndScale(event, "amount")).containsExactly(38, 10);
    assertThat(lengthAndScale(event, "big")).containsExactly(20, 0);
    assertThat(lengthAndScale(event, "dt")).containsExactly(6, null);
    assertThat(lengthAndScale(event, "ts")).containsExactly(6, null);
    assertThat(lengthAndScale(event, "name")).containsExactly(20, null);
    assertThat(lengthAndScale(event, "b16")).containsExactly(16, null);
    assertThat(lengthAndScale(event, "e")).containsExactly(null, null);
    assertThat(lengthAndScale(event, "tiny")).containsExactly(null, null);

    // Every value has the Java type its column type promises: the event survives the wire.
    ChangeEvent decoded = ChangeEventCodec.decodeValue(ChangeEventCodec.encodeValue(event));
    assertThat((byte[]) decoded.after().get("blob")).isEqualTo(allBytes);
    assertThat(decoded.after().get("big")).isEqualTo(BIGINT_UNSIGNED_MAX);
    assertThat(decoded.after().get("ts")).isEqualTo(values.get("ts"));
  }

  @Test
  void timeOutsideADayTravelsAsMysqlText() {
    long minus838h = -((838L * 3600 + 59 * 60 + 59) * 1_000_000L);
    ChangeEvent negative =
        converter.convert(record("c", null, row(1).put("t", minus838h), offset(3, 4000, 2, 1)), 7);
    ChangeEvent beyondADay =
        converter.convert(
            record(
                "u", row(1).put("t", 0L), row(1).put("t", 360_000_500_000L), offset(3, 5000, 2, 1)),
            7);

    assertThat(negative.schema().column("t").orElseThrow().type()).isEqualTo(ColumnType.OTHER);
    assertThat(negative.schema().column("t").orElseThrow().nativeType()).isEqualTo("TIME");
    assertThat(negative.after().get("t")).isEqualTo("-838:59:59");
    assertThat(beyondADay.after().get("t")).isEqualTo("100:00:00.500000");
    // The other image of the same event follows the column's type.
    assertThat(beyondADay.before().get("t")).isEqualTo("00:00:00");
    assertThat(ChangeEventCodec.decodeValue(ChangeEventCodec.encodeValue(negative)).after())
        .containsEntry("t", "-838:59:59");
    // Events whose times fit a day keep the TIME type.
    ChangeEvent inDay =
        converter.convert(
            record("c", null, row(2).put("t", 3_600_000_000L), offset(3, 6000, 2, 1)), 7);
    assertThat(inDay.schema().column("t").orElseThrow().type()).isEqualTo(ColumnType.TIME);
  }

  @Test
  void updateAndDeleteCarryTheirImages() {
    ChangeEvent update =
        converter.convert(
            record(
                "u", row(5).put("name", "old"), row(5).put("name", "new"), offset(3, 4000, 2, 1)),
            7);
    ChangeEvent delete =
        converter.convert(record("d", row(5).put("name", "new"), null, offset(3, 4000, 4, 1)), 7);

    assertThat(update.operation()).isEqualTo(Operation.UPDATE);
    assertThat(update.before()).containsEntry("name", "old");
    assertThat(update.after()).containsEntry("name", "new");
    assertThat(delete.operation()).isEqualTo(Operation.DELETE);
    assertThat(delete.key()).containsExactly(Map.entry("id", 5L));
    assertThat(delete.after()).isNull();
    assertThat(update.position()).isLessThan(delete.position());
  }

  @Test
  void positionsFollowTheBinlogWithinATransactionAndAcrossFiles() {
    List<String> positions = new ArrayList<>();
    // One transaction starting at 4000 in mysql-bin.000003: an event with two rows, then another
    // event; the next transaction; then a transaction in the next file, at a lower position.
    positions.add(position(offset(3, 4000, 2, 1)));
    positions.add(position(offset(3, 4000, 2, 2)));
    positions.add(position(offset(3, 4000, 3, 0)));
    positions.add(position(offset(3, 4000, 4, 1)));
    positions.add(position(offset(3, 4551, 2, 1)));
    positions.add(position(offset(4, 256, 2, 1)));

    assertThat(positions).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
    assertThat(positions.get(0))
        .isEqualTo(SourcePosition.mariadb(7, 3, 4000, 2, 1))
        .isGreaterThan(SourcePosition.mariadbSnapshot(7));
  }

  @Test
  void snapshotReadsSortBelowStreamedChangesOfTheirEpoch() {
    Map<String, Object> snapshotOffset = offset(9, 120_000, 0, 0);
    snapshotOffset.put("snapshot", "INITIAL");
    ChangeEvent read = converter.convert(record("r", null, row(1), snapshotOffset), 7);
    ChangeEvent first = converter.convert(record("c", null, row(1), offset(1, 4, 1, 1)), 7);

    assertThat(read.operation()).isEqualTo(Operation.SNAPSHOT_READ);
    assertThat(read.position()).isEqualTo(SourcePosition.mariadbSnapshot(7));
    assertThat(read.position()).isLessThan(first.position());
    assertThat(read.transactionId()).isNull();
  }

  @Test
  void recordsWithoutARowChangeAreSkipped() {
    Schema heartbeat = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();
    SourceRecord record =
        new SourceRecord(
            Map.of("server", "shop"),
            offset(3, 4000, 0, 0),
            "__debezium-heartbeat.shop",
            null,
            heartbeat,
            new Struct(heartbeat).put("ts_ms", 1L));
    assertThat(converter.convert(record, 7)).isNull();
  }

  @Test
  void aTruncateTableStatementIsAKeylessEventAtItsBinlogPosition() {
    ChangeEvent truncate = converter.convert(record("t", null, null, offset(3, 4000, 1, 0)), 7);

    assertThat(truncate.isTruncate()).isTrue();
    assertThat(truncate.table()).isEqualTo(new io.lockstep.event.TableId("shop", "shop", "orders"));
    assertThat(truncate.key()).isEmpty();
    assertThat(truncate.after()).isNull();
    assertThat(truncate.position()).isEqualTo(SourcePosition.mariadb(7, 3, 4000, 1, 0));
    assertThat(truncate.transactionId()).isEqualTo("0-1-42");
  }

  @Test
  void binlogFileNumbers() {
    assertThat(MariaDbRecordConverter.binlogFileIndex("mysql-bin.000042")).isEqualTo(42);
    assertThat(MariaDbRecordConverter.binlogFileIndex("mariadb-bin.1000000")).isEqualTo(1_000_000);
    assertThat(MariaDbRecordConverter.binlogFileIndex(null)).isZero();
  }

  private String position(Map<String, Object> offset) {
    return converter.convert(record("c", null, row(1), offset), 7).position();
  }

  private static List<Integer> lengthAndScale(ChangeEvent event, String column) {
    ColumnSchema schema = event.schema().column(column).orElseThrow();
    return Arrays.asList(schema.length(), schema.scale());
  }

  private static Map<String, ColumnType> types(ChangeEvent event) {
    Map<String, ColumnType> types = new HashMap<>();
    for (ColumnSchema column : event.schema().columns()) {
      types.put(column.name(), column.type());
    }
    return types;
  }

  private static Struct row(long id) {
    return new Struct(ROW).put("id", id);
  }

  /** A binlog offset as Debezium writes it: event and row only when not zero. */
  private static Map<String, Object> offset(int file, long pos, long event, int row) {
    Map<String, Object> offset = new HashMap<>();
    offset.put("file", String.format("mysql-bin.%06d", file));
    offset.put("pos", pos);
    if (event != 0) {
      offset.put("event", event);
    }
    if (row != 0) {
      offset.put("row", row);
    }
    offset.put("server_id", 1L);
    offset.put("ts_sec", 1_704_067_200L);
    return offset;
  }

  private static SourceRecord record(
      String op, Struct before, Struct after, Map<String, Object> offset) {
    Struct source =
        new Struct(SOURCE)
            .put("version", "3.5.0.Final")
            .put("connector", "mariadb")
            .put("name", "shop")
            .put("ts_ms", 1_704_067_200_000L)
            .put("ts_us", 1_704_067_200_000_001L)
            .put("db", "shop")
            .put("table", "orders")
            .put("server_id", 1L)
            .put("gtid", op.equals("r") ? null : "0-1-42")
            .put("file", offset.get("file"))
            .put("pos", offset.get("pos"))
            .put("row", 0);
    Struct envelope =
        new Struct(ENVELOPE)
            .put("before", before)
            .put("after", after)
            .put("source", source)
            .put("op", op);
    Struct image = after != null ? after : before;
    Struct key = new Struct(KEY).put("id", image == null ? 0L : image.getInt64("id"));
    return new SourceRecord(
        Map.of("server", "shop"), offset, "shop.shop.orders", null, KEY, key, ENVELOPE, envelope);
  }

  private static Schema bits(int length) {
    return column(
        SchemaBuilder.bytes()
            .name("io.debezium.data.Bits")
            .parameter("length", Integer.toString(length)),
        "BIT",
        Integer.toString(length),
        null);
  }

  private static Schema column(SchemaBuilder builder, String type, String length, String scale) {
    builder.optional().parameter("__debezium.source.column.type", type);
    if (length != null) {
      builder.parameter("__debezium.source.column.length", length);
    }
    if (scale != null) {
      builder.parameter("__debezium.source.column.scale", scale);
    }
    return builder.build();
  }
}
