package io.lockstep.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChangeEventCodecTest {

  private static final TableId TABLE = new TableId("shop", "public", "things");

  static Stream<Arguments> valuesOfEveryType() {
    byte[] allBytes = new byte[256];
    for (int i = 0; i < 256; i++) {
      allBytes[i] = (byte) i;
    }
    return Stream.of(
        Arguments.of("boolean", ColumnSchema.of("v", ColumnType.BOOLEAN), true),
        Arguments.of("smallint min", ColumnSchema.of("v", ColumnType.INT16), Short.MIN_VALUE),
        Arguments.of("integer max", ColumnSchema.of("v", ColumnType.INT32), Integer.MAX_VALUE),
        Arguments.of("bigint min", ColumnSchema.of("v", ColumnType.INT64), Long.MIN_VALUE),
        Arguments.of("bigint max", ColumnSchema.of("v", ColumnType.INT64), Long.MAX_VALUE),
        Arguments.of("real", ColumnSchema.of("v", ColumnType.FLOAT32), 3.1415927f),
        Arguments.of("real NaN", ColumnSchema.of("v", ColumnType.FLOAT32), Float.NaN),
        Arguments.of("double", ColumnSchema.of("v", ColumnType.FLOAT64), 0.1 + 0.2),
        Arguments.of("double -0.0", ColumnSchema.of("v", ColumnType.FLOAT64), -0.0d),
        Arguments.of(
            "double -Infinity", ColumnSchema.of("v", ColumnType.FLOAT64), Double.NEGATIVE_INFINITY),
        Arguments.of(
            "numeric keeps scale",
            ColumnSchema.of("v", ColumnType.DECIMAL),
            new BigDecimal("1.500")),
        Arguments.of(
            "numeric 38 digits",
            ColumnSchema.of("v", ColumnType.DECIMAL),
            new BigDecimal("-9999999999999999999999999999.9999999999")),
        Arguments.of("numeric NaN", ColumnSchema.of("v", ColumnType.DECIMAL), "NaN"),
        Arguments.of(
            "text with any Unicode",
            ColumnSchema.of("v", ColumnType.STRING),
            "Zoë 美咲 🙂 \"quoted\" \\ tab\t newline\n trailing  "),
        Arguments.of("empty text", ColumnSchema.of("v", ColumnType.STRING), ""),
        Arguments.of(
            "bytea, all 256 byte values", ColumnSchema.of("v", ColumnType.BYTES), allBytes),
        Arguments.of(
            "json kept as written",
            ColumnSchema.of("v", ColumnType.JSON),
            "{\"b\": 1,  \"a\": [true, null, 2.50], \"ü\": \"🙂\"}"),
        Arguments.of("uuid", ColumnSchema.of("v", ColumnType.UUID), UUID.randomUUID()),
        Arguments.of("date", ColumnSchema.of("v", ColumnType.DATE), LocalDate.of(1999, 12, 31)),
        Arguments.of(
            "time to the microsecond",
            ColumnSchema.of("v", ColumnType.TIME),
            LocalTime.of(23, 59, 59, 999_999_000)),
        Arguments.of(
            "timestamp to the microsecond",
            ColumnSchema.of("v", ColumnType.TIMESTAMP),
            LocalDateTime.of(2024, 2, 29, 12, 0, 0, 1_000)),
        Arguments.of(
            "timestamptz to the microsecond",
            ColumnSchema.of("v", ColumnType.TIMESTAMPTZ),
            Instant.parse("2024-03-31T01:30:00.000001Z")),
        Arguments.of(
            "interval", ColumnSchema.of("v", ColumnType.INTERVAL), "P1Y2M3DT4H5M6.789012S"),
        Arguments.of(
            "text array with NULL",
            new ColumnSchema("v", ColumnType.ARRAY, ColumnType.STRING, "_text", true),
            Arrays.asList("a,b", null, "{}", "\"")),
        Arguments.of(
            "integer array",
            new ColumnSchema("v", ColumnType.ARRAY, ColumnType.INT32, "_int4", true),
            List.of(1, -2, Integer.MAX_VALUE)),
        Arguments.of("NULL", ColumnSchema.of("v", ColumnType.TIMESTAMPTZ), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesOfEveryType")
  void everyTypeRoundTripsExactly(String name, ColumnSchema column, Object value) {
    TableSchema schema =
        new TableSchema(
            TABLE, List.of(ColumnSchema.of("id", ColumnType.INT64), column), List.of("id"));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", 7L);
    row.put("v", value);
    ChangeEvent event =
        ChangeEvent.insert(
            schema, row, Instant.parse("2024-01-01T00:00:00.123456Z"), "pg:1:2", "991");

    ChangeEvent decoded = ChangeEventCodec.decodeValue(ChangeEventCodec.encodeValue(event));

    // Exact float comparison: bit-for-bit, NaN equal to NaN, -0.0 different from 0.0.
    assertThat(decoded)
        .usingRecursiveComparison()
        .withComparatorForType(Float::compare, Float.class)
        .withComparatorForType(Double::compare, Double.class)
        // Schemas by their equals (id, columns, key columns), not by their lookup caches.
        .withEqualsForType(TableSchema::equals, TableSchema.class)
        .isEqualTo(event);
    Object decodedValue = decoded.after().get("v");
    if (value != null) {
      // Same Java type too: a BigDecimal stays a BigDecimal with its scale, and so on.
      assertThat(decodedValue)
          .isInstanceOf(
              value.getClass().isArray()
                  ? byte[].class
                  : value instanceof List<?> ? List.class : value.getClass());
    }
    if (value instanceof BigDecimal decimal) {
      assertThat(((BigDecimal) decodedValue).scale()).isEqualTo(decimal.scale());
    }
    if (value instanceof Double d) {
      assertThat(Double.doubleToRawLongBits((Double) decodedValue))
          .isEqualTo(Double.doubleToRawLongBits(d));
    }
  }

  @Test
  void deleteCarriesKeyAndBeforeImageButNoAfterImage() {
    TableSchema schema =
        new TableSchema(
            TABLE,
            List.of(
                ColumnSchema.of("id", ColumnType.INT64),
                ColumnSchema.of("name", ColumnType.STRING)),
            List.of("id"));
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("id", 3L);
    before.put("name", null);
    ChangeEvent delete = ChangeEvent.delete(schema, before, Instant.EPOCH, "pg:1:1", null);

    ChangeEvent decoded = ChangeEventCodec.decodeValue(ChangeEventCodec.encodeValue(delete));

    assertThat(decoded.operation()).isEqualTo(Operation.DELETE);
    assertThat(decoded.after()).isNull();
    assertThat(decoded.key()).containsExactly(Map.entry("id", 3L));
    assertThat(decoded.transactionId()).isNull();
  }

  @Test
  void keyIsReadableJsonInKeyOrder() {
    TableSchema schema =
        new TableSchema(
            TABLE,
            List.of(
                ColumnSchema.of("b", ColumnType.STRING), ColumnSchema.of("a", ColumnType.INT32)),
            List.of("a", "b"));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("b", "x");
    row.put("a", 1);
    ChangeEvent event = ChangeEvent.insert(schema, row, Instant.EPOCH, "pg:1:1", null);

    assertThat(new String(ChangeEventCodec.encodeKey(event), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1,\"b\":\"x\"}");
  }

  @Test
  void forceSyncOriginSurvivesTheRoundTripAndCapturedEventsCarryNone() {
    TableSchema schema =
        new TableSchema(TABLE, List.of(ColumnSchema.of("id", ColumnType.INT64)), List.of("id"));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", 7L);
    ChangeEvent captured = ChangeEvent.snapshotRead(schema, row, Instant.EPOCH, "pg:1:1");
    ChangeEvent forced = captured.withOrigin(ChangeEvent.ORIGIN_FORCE_SYNC);

    assertThat(ChangeEventCodec.decodeValue(ChangeEventCodec.encodeValue(forced)).origin())
        .isEqualTo("F");
    assertThat(new String(ChangeEventCodec.encodeValue(captured), StandardCharsets.UTF_8))
        .doesNotContain("origin");
    assertThat(ChangeEventCodec.decodeValue(ChangeEventCodec.encodeValue(captured)).origin())
        .isNull();
  }

  @Test
  void refusesAnEnvelopeVersionItDoesNotKnow() {
    byte[] future = "{\"v\":99,\"op\":\"c\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ChangeEventCodec.decodeValue(future))
        .hasMessageContaining("envelope version 99")
        .hasMessageContaining("reads version 1");
  }

  @Test
  void rejectsARowMissingAKeyColumn() {
    TableSchema schema =
        new TableSchema(TABLE, List.of(ColumnSchema.of("id", ColumnType.INT64)), List.of("id"));
    assertThatThrownBy(
            () -> ChangeEvent.insert(schema, new LinkedHashMap<>(), Instant.EPOCH, "p", null))
        .hasMessageContaining("lacks key column 'id'");
  }

  @Test
  void positionsSortByEpochThenStream() {
    List<String> positions =
        new ArrayList<>(
            List.of(
                SourcePosition.postgres(1, 0x1_0000_0000L, 5),
                SourcePosition.postgres(2, 0, 1),
                SourcePosition.postgres(1, 0, 1),
                SourcePosition.snapshot(2),
                SourcePosition.snapshot(1),
                SourcePosition.postgres(1, 0xA0, 0xFF)));
    positions.sort(String::compareTo);
    assertThat(positions)
        .containsExactly(
            SourcePosition.snapshot(1),
            SourcePosition.postgres(1, 0, 1),
            SourcePosition.postgres(1, 0xA0, 0xFF),
            SourcePosition.postgres(1, 0x1_0000_0000L, 5),
            SourcePosition.snapshot(2),
            SourcePosition.postgres(2, 0, 1));
    assertThat(SourcePosition.epochOf(SourcePosition.postgres(0x1F, 3, 4))).isEqualTo(0x1F);
    assertThat(SourcePosition.postgres(1, 9, 9)).isLessThan(SourcePosition.epochFloor(2));
  }

  @Test
  void decodedSchemasFollowTheSchemaTextNotAnEarlierEventOfTheSameTable() {
    TableSchema narrow =
        new TableSchema(TABLE, List.of(ColumnSchema.of("id", ColumnType.INT64)), List.of("id"));
    TableSchema wide =
        new TableSchema(
            TABLE,
            List.of(
                ColumnSchema.of("id", ColumnType.INT64),
                ColumnSchema.of("note", ColumnType.STRING)),
            List.of("id"));
    ChangeEvent first =
        ChangeEvent.insert(
            narrow, Map.of("id", 1L), Instant.EPOCH, SourcePosition.postgres(1, 1, 1), null);
    ChangeEvent second =
        ChangeEvent.insert(
            wide,
            Map.of("id", 1L, "note", "x"),
            Instant.EPOCH,
            SourcePosition.postgres(1, 2, 2),
            "7");
    ChangeEvent firstBack = ChangeEventCodec.decodeValue(ChangeEventCodec.encodeValue(first));
    ChangeEvent secondBack = ChangeEventCodec.decodeValue(ChangeEventCodec.encodeValue(second));
    ChangeEvent firstAgain = ChangeEventCodec.decodeValue(ChangeEventCodec.encodeValue(first));
    assertThat(firstBack.schema()).isEqualTo(narrow);
    assertThat(secondBack.schema()).isEqualTo(wide);
    assertThat(secondBack.after()).containsEntry("note", "x");
    assertThat(secondBack.transactionId()).isEqualTo("7");
    // One parse per schema text: later events share the decoded schema.
    assertThat(firstAgain.schema()).isSameAs(firstBack.schema());
  }

  @Test
  void decodesFieldsInAnyOrderAndIgnoresUnknownOnes() {
    String json =
        "{\"after\":{\"id\":5},\"position\":\"pg:0000000000000001:0000000000000002:0000000000000003\","
            + "\"future_field\":{\"x\":[1,2]},\"commit_ts\":\"2026-01-02T03:04:05.000006Z\","
            + "\"key\":{\"id\":5},\"before\":null,\"tx_id\":null,\"op\":\"c\","
            + "\"key_columns\":[\"id\"],\"columns\":[{\"name\":\"id\",\"type\":\"INT64\"}],"
            + "\"table\":{\"db\":\"shop\",\"schema\":\"public\",\"name\":\"things\"},\"v\":1}";
    ChangeEvent event = ChangeEventCodec.decodeValue(json.getBytes(StandardCharsets.UTF_8));
    assertThat(event.operation()).isEqualTo(Operation.INSERT);
    assertThat(event.after()).containsEntry("id", 5L);
    assertThat(event.commitTime()).isEqualTo(Instant.parse("2026-01-02T03:04:05.000006Z"));
    assertThat(event.table()).isEqualTo(TABLE);
  }

  @Test
  void refusesAnEventWithoutASchema() {
    byte[] json = "{\"v\":1,\"op\":\"c\",\"key\":{}}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ChangeEventCodec.decodeValue(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table, columns, key_columns");
  }

  @Test
  void refusesAStructureWhereAValueBelongs() {
    byte[] json =
        ("{\"v\":1,\"op\":\"c\",\"tx_id\":{\"after\":{\"id\":1}},"
                + "\"table\":{\"db\":\"shop\",\"schema\":\"public\",\"name\":\"things\"},"
                + "\"columns\":[{\"name\":\"id\",\"type\":\"INT64\"}],\"key_columns\":[\"id\"]}")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ChangeEventCodec.decodeValue(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'tx_id' holds a structure");
  }
}
