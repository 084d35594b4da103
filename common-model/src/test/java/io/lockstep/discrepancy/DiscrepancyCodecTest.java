package io.lockstep.discrepancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscrepancyCodecTest {

  private static final Discrepancy DIFFERENT =
      new Discrepancy(
          "shop",
          "public.cards",
          "{\"id\":7}",
          Discrepancy.Kind.DIFFERENT,
          List.of(
              new Discrepancy.ColumnDifference("limit_cents", "100", "999"),
              new Discrepancy.ColumnDifference("note", "x", null)),
          "pg:1:0000000001000000:0000000001000010",
          Instant.parse("2026-12-02T10:00:00.123456Z"),
          Instant.parse("2026-12-02T10:02:01Z"));

  @Test
  void roundTripsEveryField() {
    assertThat(DiscrepancyCodec.decodeValue(DiscrepancyCodec.encodeValue(DIFFERENT)))
        .isEqualTo(DIFFERENT);
  }

  @Test
  void isPlainJsonWithTheKeyAsAnObject() throws Exception {
    JsonNode json = new ObjectMapper().readTree(DiscrepancyCodec.encodeValue(DIFFERENT));
    assertThat(json.get("kind").asText()).isEqualTo("different");
    assertThat(json.get("key").get("id").asInt()).isEqualTo(7);
    assertThat(json.get("columns").get(1).get("target").isNull()).isTrue();
    assertThat(json.get("commit_time").asText()).isEqualTo("2026-12-02T10:00:00.123456Z");
    JsonNode key = new ObjectMapper().readTree(DiscrepancyCodec.encodeKey(DIFFERENT));
    assertThat(key.toString()).isEqualTo("{\"table\":\"public.cards\",\"key\":{\"id\":7}}");
  }

  @Test
  void missingRowsHaveNoColumns() {
    Discrepancy missing =
        new Discrepancy(
            "shop",
            "public.cards",
            "{\"id\":8}",
            Discrepancy.Kind.MISSING,
            List.of(),
            "pg:1:1:2",
            Instant.parse("2026-12-02T10:00:00Z"),
            Instant.parse("2026-12-02T10:02:00Z"));
    assertThat(DiscrepancyCodec.decodeValue(DiscrepancyCodec.encodeValue(missing)))
        .isEqualTo(missing);
  }

  @Test
  void decimalKeysKeepEveryDigitAndTheirScale() {
    Discrepancy decimalKey =
        new Discrepancy(
            "shop",
            "public.ledger",
            "{\"amount\":12345678901234567890.10,\"id\":9007199254740993}",
            Discrepancy.Kind.MISSING,
            List.of(),
            "pg:1:1:2",
            null,
            Instant.parse("2026-12-02T10:02:00Z"));
    assertThat(DiscrepancyCodec.decodeValue(DiscrepancyCodec.encodeValue(decimalKey)).keyJson())
        .isEqualTo("{\"amount\":12345678901234567890.10,\"id\":9007199254740993}");
    assertThat(new String(DiscrepancyCodec.encodeKey(decimalKey), StandardCharsets.UTF_8))
        .contains("12345678901234567890.10");
  }

  @Test
  void decodesAVersionOneRecordWrittenOutByHand() {
    String v1 =
        "{\"v\":1,\"pipeline\":\"shop\",\"table\":\"public.cards\",\"key\":{\"id\":7},"
            + "\"kind\":\"different\",\"columns\":[{\"column\":\"limit_cents\",\"source\":\"100\","
            + "\"target\":\"999\"},{\"column\":\"note\",\"source\":\"x\",\"target\":null}],"
            + "\"position\":\"pg:1:0000000001000000:0000000001000010\","
            + "\"commit_time\":\"2026-12-02T10:00:00.123456Z\","
            + "\"detected_at\":\"2026-12-02T10:02:01.000000Z\"}";
    assertThat(DiscrepancyCodec.decodeValue(v1.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(DIFFERENT);
    assertThat(new String(DiscrepancyCodec.encodeValue(DIFFERENT), StandardCharsets.UTF_8))
        .isEqualTo(v1);
  }

  @Test
  void readsARecordWithoutColumnsOrCommitTime() {
    String json =
        "{\"v\":1,\"pipeline\":\"shop\",\"table\":\"public.cards\",\"key\":{\"id\":8},"
            + "\"kind\":\"MISSING\",\"position\":\"pg:1:1:2\","
            + "\"detected_at\":\"2026-12-02T10:02:00Z\",\"later\":true}";
    Discrepancy read = DiscrepancyCodec.decodeValue(json.getBytes(StandardCharsets.UTF_8));
    assertThat(read.kind()).isEqualTo(Discrepancy.Kind.MISSING);
    assertThat(read.columns()).isEmpty();
    assertThat(read.commitTime()).isNull();
  }
}
