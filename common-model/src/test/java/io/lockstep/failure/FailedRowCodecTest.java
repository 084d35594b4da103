package io.lockstep.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.Operation;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailedRowCodecTest {

  /**
   * A rejected change as version 1 writes it (docs/failure-handling.md), written out by hand: the
   * format the hand-written codec produced before the record was mapped by Jackson.
   */
  private static final String REJECTED_V1 =
      "{\"v\":1,\"kind\":\"rejected\",\"pipeline\":\"shop\",\"table\":\"shop.public.ledger\","
          + "\"key\":{\"id\":\"12345678901234567890.10\"},"
          + "\"position\":\"pg:1:0000000001000000:0000000001000010\","
          + "\"error\":{\"class\":\"org.postgresql.util.PSQLException\",\"sql_state\":\"23514\","
          + "\"vendor_code\":0,\"message\":\"new row violates check constraint\"},"
          + "\"attempts\":3,\"at\":\"2026-12-02T10:00:01.500000Z\",\"related_position\":null,"
          + "\"event\":{\"v\":1,\"op\":\"u\","
          + "\"table\":{\"db\":\"shop\",\"schema\":\"public\",\"name\":\"ledger\"},"
          + "\"columns\":[{\"name\":\"id\",\"type\":\"DECIMAL\",\"native\":\"\",\"optional\":true},"
          + "{\"name\":\"note\",\"type\":\"STRING\",\"native\":\"\",\"optional\":true},"
          + "{\"name\":\"ratio\",\"type\":\"FLOAT64\",\"native\":\"\",\"optional\":true}],"
          + "\"key_columns\":[\"id\"],\"key\":{\"id\":\"12345678901234567890.10\"},"
          + "\"before\":null,\"after\":{\"id\":\"12345678901234567890.10\","
          + "\"note\":\"Zo\u00eb \\\"q\\\"\",\"ratio\":0.30000000000000004},"
          + "\"commit_ts\":\"2026-12-02T10:00:00.123456Z\","
          + "\"position\":\"pg:1:0000000001000000:0000000001000010\",\"tx_id\":\"771\"},"
          + "\"raw\":null}";

  private static ChangeEvent event() {
    TableSchema schema =
        new TableSchema(
            new TableId("shop", "public", "ledger"),
            List.of(
                ColumnSchema.of("id", ColumnType.DECIMAL),
                ColumnSchema.of("note", ColumnType.STRING),
                ColumnSchema.of("ratio", ColumnType.FLOAT64)),
            List.of("id"));
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("id", new BigDecimal("12345678901234567890.10"));
    Map<String, Object> after = new LinkedHashMap<>(key);
    after.put("note", "Zo\u00eb \"q\"");
    after.put("ratio", 0.1 + 0.2);
    return new ChangeEvent(
        1,
        Operation.UPDATE,
        schema,
        key,
        null,
        after,
        Instant.parse("2026-12-02T10:00:00.123456Z"),
        "pg:1:0000000001000000:0000000001000010",
        "771");
  }

  private static FailedRow rejected() {
    ChangeEvent event = event();
    return new FailedRow(
        FailedRow.Kind.REJECTED,
        "shop",
        "shop.public.ledger",
        new String(ChangeEventCodec.encodeKey(event), StandardCharsets.UTF_8),
        event.position(),
        new FailedRow.Error(
            "org.postgresql.util.PSQLException", "23514", 0, "new row violates check constraint"),
        3,
        Instant.parse("2026-12-02T10:00:01.5Z"),
        null,
        event,
        null);
  }

  @Test
  void decodesAVersionOneRecordWrittenOutByHand() {
    FailedRow row = FailedRowCodec.decodeValue(REJECTED_V1.getBytes(StandardCharsets.UTF_8));
    assertThat(row).isEqualTo(rejected());
    assertThat(row.keyJson()).isEqualTo("{\"id\":\"12345678901234567890.10\"}");
    assertThat(row.error().sqlState()).isEqualTo("23514");
    assertThat(row.event().after()).containsEntry("ratio", 0.30000000000000004);
  }

  @Test
  void writesVersionOneByteForByte() {
    assertThat(new String(FailedRowCodec.encodeValue(rejected()), StandardCharsets.UTF_8))
        .isEqualTo(REJECTED_V1);
    assertThat(new String(FailedRowCodec.encodeKey(rejected()), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"table\":\"shop.public.ledger\",\"key\":{\"id\":\"12345678901234567890.10\"}}");
  }

  @Test
  void aRowWithoutErrorOmitsItAndReadsBack() {
    FailedRow parked =
        new FailedRow(
            FailedRow.Kind.PARKED,
            "shop",
            "shop.public.ledger",
            "{\"id\":7}",
            "pg:1:2:3",
            null,
            0,
            Instant.parse("2026-12-02T10:00:03Z"),
            "pg:1:1:2",
            null,
            null);
    String json = new String(FailedRowCodec.encodeValue(parked), StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "{\"v\":1,\"kind\":\"parked\",\"pipeline\":\"shop\",\"table\":\"shop.public.ledger\","
                + "\"key\":{\"id\":7},\"position\":\"pg:1:2:3\",\"attempts\":0,"
                + "\"at\":\"2026-12-02T10:00:03.000000Z\",\"related_position\":\"pg:1:1:2\","
                + "\"event\":null,\"raw\":null}");
    assertThat(FailedRowCodec.decodeValue(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(parked);
  }

  @Test
  void aKeyThatIsNotJsonIsWrittenAsAString() {
    FailedRow undecodable =
        new FailedRow(
            FailedRow.Kind.UNDECODABLE,
            "shop",
            "lockstep.shop.public.ledger",
            "not json {",
            null,
            new FailedRow.Error("java.lang.IllegalArgumentException", null, 0, "record x: bad"),
            0,
            Instant.parse("2026-12-02T10:00:02Z"),
            null,
            null,
            "{\"v\":1,");
    String json = new String(FailedRowCodec.encodeValue(undecodable), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"key\":\"not json {\"")
        .contains("\"error\":{\"class\":\"java.lang.IllegalArgumentException\",\"sql_state\":null,")
        .contains("\"raw\":\"{\\\"v\\\":1,\"");
    FailedRow read = FailedRowCodec.decodeValue(json.getBytes(StandardCharsets.UTF_8));
    assertThat(read.kind()).isEqualTo(FailedRow.Kind.UNDECODABLE);
    assertThat(read.raw()).isEqualTo("{\"v\":1,");
    assertThat(read.keyJson()).isEqualTo("\"not json {\"");
  }

  @Test
  void readsOlderAndNewerShapes() {
    // Upper-case kind, fields it does not know, and the optional fields left out.
    String json =
        "{\"v\":1,\"kind\":\"NOT_CAPTURED\",\"pipeline\":\"shop\",\"table\":\"shop.public.t\","
            + "\"key\":{\"id\":12345678901234567.89},\"position\":\"pg:1:2:3\","
            + "\"at\":\"2026-12-02T10:00:03Z\",\"new_field\":{\"x\":[1,2]}}";
    FailedRow row = FailedRowCodec.decodeValue(json.getBytes(StandardCharsets.UTF_8));
    assertThat(row.kind()).isEqualTo(FailedRow.Kind.NOT_CAPTURED);
    assertThat(row.keyJson()).isEqualTo("{\"id\":12345678901234567.89}");
    assertThat(row.error()).isNull();
    assertThat(row.event()).isNull();
    assertThat(row.attempts()).isZero();
    assertThat(row.at()).isEqualTo(Instant.parse("2026-12-02T10:00:03Z"));
  }
}
