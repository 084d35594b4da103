package io.lockstep.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordKeysTest {

  private static final TableSchema ORDERS =
      new TableSchema(
          new TableId("shop", "public", "orders"),
          List.of(
              ColumnSchema.of("tenant", ColumnType.UUID),
              ColumnSchema.of("id", ColumnType.INT64),
              ColumnSchema.of("amount", ColumnType.DECIMAL),
              ColumnSchema.of("placed", ColumnType.TIMESTAMP),
              ColumnSchema.of("code", ColumnType.BYTES)),
          List.of("id", "tenant"));

  @Test
  void encodesExactlyAsTheChangeEventCodecWritesRecordKeys() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("tenant", UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
    row.put("id", 5L);
    row.put("amount", new BigDecimal("1.50"));
    row.put("placed", LocalDateTime.of(2024, 2, 29, 12, 0));
    row.put("code", new byte[] {1});
    ChangeEvent event = ChangeEvent.snapshotRead(ORDERS, row, Instant.EPOCH, "pg:x");

    byte[] encoded = RecordKeys.encode(ORDERS, event.key());

    assertThat(encoded).isEqualTo(ChangeEventCodec.encodeKey(event));
    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":5,\"tenant\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"}");
  }

  @Test
  void decodesTypedValuesInKeyOrderWhateverTheJsonOrder() {
    Map<String, Object> key =
        RecordKeys.decode(ORDERS, "{\"tenant\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\",\"id\":5}");

    assertThat(key)
        .containsExactly(
            Map.entry("id", 5L),
            Map.entry("tenant", UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));
    assertThat(RecordKeys.encodeToString(ORDERS, key))
        .isEqualTo("{\"id\":5,\"tenant\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"}");
  }

  @Test
  void roundTripsEveryKeyTypeThroughTheWireForm() {
    TableSchema wide =
        new TableSchema(
            new TableId("db", "s", "t"),
            List.of(
                ColumnSchema.of("d", ColumnType.DECIMAL),
                ColumnSchema.of("ts", ColumnType.TIMESTAMPTZ),
                ColumnSchema.of("b", ColumnType.BYTES),
                ColumnSchema.of("s", ColumnType.INT16)),
            List.of("d", "ts", "b", "s"));
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("d", new BigDecimal("12.3400"));
    key.put("ts", Instant.parse("2024-03-31T01:30:00.000001Z"));
    key.put("b", new byte[] {0, (byte) 0xff});
    key.put("s", (short) -2);

    Map<String, Object> decoded = RecordKeys.decode(wide, RecordKeys.encode(wide, key));

    assertThat(decoded.get("d")).isEqualTo(new BigDecimal("12.3400"));
    assertThat(decoded.get("ts")).isEqualTo(key.get("ts"));
    assertThat((byte[]) decoded.get("b")).containsExactly(0, 0xff);
    assertThat(decoded.get("s")).isEqualTo((short) -2);
  }

  @Test
  void keepsTheTextOfAMariaDbTimeOutsideADay() {
    TableSchema times =
        new TableSchema(
            new TableId("db", "db", "t"),
            List.of(ColumnSchema.of("t", ColumnType.TIME)),
            List.of("t"));

    assertThat(RecordKeys.decode(times, "{\"t\":\"838:59:59\"}")).containsEntry("t", "838:59:59");
  }

  @Test
  void refusesKeysThatAreNotTheTablesKey() {
    assertThatThrownBy(() -> RecordKeys.decode(ORDERS, "{\"id\":5}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names columns [id]")
        .hasMessageContaining("[id, tenant]");
    assertThatThrownBy(() -> RecordKeys.decode(ORDERS, "[5]"))
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> RecordKeys.decode(ORDERS, "{\"id\":"))
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> RecordKeys.decode(ORDERS, "{\"id\":5,\"tenant\":\"not-a-uuid\"}"))
        .hasMessageContaining("key column 'tenant'")
        .hasMessageContaining("UUID");
  }
}
