package io.lockstep.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional {@code length} and {@code scale} of a column on the wire (docs/wire-format.md). */
class ColumnLengthAndScaleCodecTest {

  private static final TableId TABLE = new TableId("shop", "shop", "prices");

  private static ChangeEvent event(List<ColumnSchema> columns) {
    TableSchema schema = new TableSchema(TABLE, columns, List.of("id"));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", 1L);
    row.put("amount", new BigDecimal("12.50"));
    return ChangeEvent.insert(schema, row, Instant.EPOCH, "my:1:2", null);
  }

  @Test
  void lengthAndScaleRoundTrip() {
    ColumnSchema amount =
        new ColumnSchema("amount", ColumnType.DECIMAL, null, "DECIMAL", false, 12, 2);
    ChangeEvent event =
        event(List.of(new ColumnSchema("id", ColumnType.INT64, null, "BIGINT", false), amount));

    byte[] encoded = ChangeEventCodec.encodeValue(event);
    ChangeEvent decoded = ChangeEventCodec.decodeValue(encoded);

    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .contains("\"native\":\"DECIMAL\",\"optional\":false,\"length\":12,\"scale\":2}");
    assertThat(decoded.schema().column("amount")).contains(amount);
  }

  @Test
  void unknownLengthAndScaleAreLeftOut() {
    ColumnSchema amount = new ColumnSchema("amount", ColumnType.DECIMAL, null, "numeric", true);
    ChangeEvent event = event(List.of(ColumnSchema.of("id", ColumnType.INT64), amount));

    byte[] encoded = ChangeEventCodec.encodeValue(event);

    assertThat(new String(encoded, StandardCharsets.UTF_8)).doesNotContain("length", "scale");
    ColumnSchema decoded = ChangeEventCodec.decodeValue(encoded).schema().column("amount").get();
    assertThat(decoded.length()).isNull();
    assertThat(decoded.scale()).isNull();
  }

  @Test
  void eventsWrittenBeforeLengthAndScaleExistedStillDecode() {
    String json =
        "{\"v\":1,\"op\":\"c\",\"table\":{\"db\":\"shop\",\"schema\":\"shop\",\"name\":\"prices\"},"
            + "\"columns\":[{\"name\":\"id\",\"type\":\"INT64\",\"native\":\"int8\","
            + "\"optional\":false},{\"name\":\"amount\",\"type\":\"DECIMAL\","
            + "\"native\":\"numeric\",\"optional\":true}],\"key_columns\":[\"id\"],"
            + "\"key\":{\"id\":1},\"before\":null,\"after\":{\"id\":1,\"amount\":\"12.50\"},"
            + "\"commit_ts\":\"2026-01-02T03:04:05.000006Z\",\"position\":\"pg:1:2\","
            + "\"tx_id\":null}";

    ChangeEvent event = ChangeEventCodec.decodeValue(json.getBytes(StandardCharsets.UTF_8));

    ColumnSchema amount = event.schema().column("amount").get();
    assertThat(amount)
        .isEqualTo(new ColumnSchema("amount", ColumnType.DECIMAL, null, "numeric", true));
    assertThat(event.after()).containsEntry("amount", new BigDecimal("12.50"));
  }

  @Test
  void schemasDifferingOnlyInLengthAreDifferentSchemas() {
    ColumnSchema narrow =
        new ColumnSchema("amount", ColumnType.DECIMAL, null, "DECIMAL", true, 5, 2);
    ColumnSchema wide =
        new ColumnSchema("amount", ColumnType.DECIMAL, null, "DECIMAL", true, 12, 2);
    ColumnSchema id = ColumnSchema.of("id", ColumnType.INT64);

    ChangeEvent first =
        ChangeEventCodec.decodeValue(ChangeEventCodec.encodeValue(event(List.of(id, narrow))));
    ChangeEvent second =
        ChangeEventCodec.decodeValue(ChangeEventCodec.encodeValue(event(List.of(id, wide))));

    assertThat(first.schema().column("amount")).contains(narrow);
    assertThat(second.schema().column("amount")).contains(wide);
  }
}
