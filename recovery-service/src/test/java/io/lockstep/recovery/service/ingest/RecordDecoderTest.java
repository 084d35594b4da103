package io.lockstep.recovery.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.discrepancy.DiscrepancyCodec;
import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import io.lockstep.recovery.service.item.ItemKind;
import io.lockstep.recovery.service.item.RecordText;
import io.lockstep.recovery.service.item.RowlessTables;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {

  private static final Instant AT = Instant.parse("2026-12-01T10:15:30.123456Z");
  private final RecordDecoder decoder =
      new RecordDecoder("lockstep.failed-rows", "lockstep.discrepancies");

  static FailedRow failedRow(FailedRow.Kind kind, String keyJson) {
    return new FailedRow(
        kind,
        "shop",
        "postgres.shop.customers",
        keyJson,
        "pg:1:0000000001A2B3C4:0000000001A2B400",
        kind == FailedRow.Kind.REJECTED
            ? new FailedRow.Error("PSQLException", "23514", 0, "violates check constraint")
            : null,
        1,
        AT,
        null,
        null,
        null);
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, long offset, byte[] value) {
    return new ConsumerRecord<>(topic, 2, offset, new byte[0], value);
  }

  @Test
  void aRejectedRowBecomesAnItemOfItsSchemaQualifiedTable() {
    RecordDecoder.Decoded decoded =
        decoder.decode(
            record(
                "lockstep.failed-rows",
                5,
                FailedRowCodec.encodeValue(failedRow(FailedRow.Kind.REJECTED, "{\"id\": 50}"))));
    assertThat(decoded).isInstanceOf(RecordDecoder.Upsert.class);
    RecordDecoder.Upsert upsert = (RecordDecoder.Upsert) decoded;
    assertThat(upsert.retryable()).isTrue();
    assertThat(upsert.record().table()).isEqualTo("shop.customers");
    assertThat(upsert.record().keyJson()).isEqualTo("{\"id\":50}");
    assertThat(upsert.record().kind()).isEqualTo(ItemKind.REJECTED);
    assertThat(upsert.record().error()).contains("23514");
    assertThat(upsert.record().at()).isEqualTo(AT);
    assertThat(upsert.record().offset()).isEqualTo(5);
  }

  @Test
  void aResolvedRecordResolvesTheKey() {
    RecordDecoder.Decoded decoded =
        decoder.decode(
            record(
                "lockstep.failed-rows",
                6,
                FailedRowCodec.encodeValue(failedRow(FailedRow.Kind.RESOLVED, "{\"id\":50}"))));
    assertThat(decoded)
        .isInstanceOfSatisfying(
            RecordDecoder.Resolve.class,
            r -> {
              assertThat(r.table()).isEqualTo("shop.customers");
              assertThat(r.keyJson()).isEqualTo("{\"id\":50}");
            });
  }

  @Test
  void aDiscrepancyBecomesAnItemOfTheSameIdentity() {
    Discrepancy found =
        new Discrepancy(
            "shop",
            "shop.customers",
            "{\"id\":50}",
            Discrepancy.Kind.DIFFERENT,
            List.of(new Discrepancy.ColumnDifference("name", "a", "b")),
            "pg:1:00:00",
            AT,
            AT);
    RecordDecoder.Upsert upsert =
        (RecordDecoder.Upsert)
            decoder.decode(
                record("lockstep.discrepancies", 1, DiscrepancyCodec.encodeValue(found)));
    assertThat(upsert.record().table()).isEqualTo("shop.customers");
    assertThat(upsert.record().keyJson()).isEqualTo("{\"id\":50}");
    assertThat(upsert.record().kind()).isEqualTo(ItemKind.DIFFERENT);
    assertThat(upsert.record().error()).isEqualTo("verifier: different in name");
  }

  @Test
  void garbageIsKeptAsAnUndecodableItemNamedByItsOffset() {
    RecordDecoder.Upsert upsert =
        (RecordDecoder.Upsert)
            decoder.decode(
                record("lockstep.discrepancies", 9, "not json".getBytes(StandardCharsets.UTF_8)));
    assertThat(upsert.retryable()).isFalse();
    assertThat(upsert.record().kind()).isEqualTo(ItemKind.UNDECODABLE);
    assertThat(upsert.record().table()).isEqualTo(RowlessTables.UNDECODABLE);
    assertThat(upsert.record().keyJson())
        .isEqualTo("{\"offset\":9,\"partition\":2,\"topic\":\"lockstep.discrepancies\"}");
    assertThat(upsert.record().record()).isEqualTo(RecordText.text("not json"));
  }

  @Test
  void aRecordWithoutAValueIsUndecodable() {
    RecordDecoder.Upsert upsert =
        (RecordDecoder.Upsert) decoder.decode(record("lockstep.failed-rows", 3, null));
    assertThat(upsert.retryable()).isFalse();
    assertThat(upsert.record().record()).isNull();
  }

  private static RecordDecoder.Upsert upsert(RecordDecoder.Decoded decoded) {
    assertThat(decoded).isInstanceOf(RecordDecoder.Upsert.class);
    return (RecordDecoder.Upsert) decoded;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A rejected row whose {@code raw} holds {@code length} characters, as a large bytea does. */
  private static byte[] rejectedWithAValueOf(int length) {
    String json =
        new String(
            FailedRowCodec.encodeValue(failedRow(FailedRow.Kind.REJECTED, "{\"id\":51}")),
            StandardCharsets.UTF_8);
    return utf8(json.replace("\"raw\":null", "\"raw\":\"" + "a".repeat(length) + "\""));
  }

  @Test
  void aValueOf64MibIsReadAndOneCharacterMoreIsUndecodable() {
    RecordDecoder.Upsert atTheLimit =
        upsert(
            decoder.decode(
                record(
                    "lockstep.failed-rows",
                    1,
                    rejectedWithAValueOf(TopicRecordJson.MAX_STRING_LENGTH))));
    assertThat(atTheLimit.retryable()).isTrue();
    assertThat(atTheLimit.record().kind()).isEqualTo(ItemKind.REJECTED);
    assertThat(atTheLimit.record().keyJson()).isEqualTo("{\"id\":51}");

    RecordDecoder.Upsert over =
        upsert(
            decoder.decode(
                record(
                    "lockstep.failed-rows",
                    2,
                    rejectedWithAValueOf(TopicRecordJson.MAX_STRING_LENGTH + 1))));
    assertThat(over.retryable()).isFalse();
    assertThat(over.record().kind()).isEqualTo(ItemKind.UNDECODABLE);
    assertThat(over.record().error()).contains("String value length").contains("67108864");
  }

  @Test
  void aDiscrepancyOfTwoLargeValuesIsAnItem() {
    String large = "\\x" + "0f".repeat(12_000_000);
    Discrepancy found =
        new Discrepancy(
            "shop",
            "shop.files",
            "{\"id\":3}",
            Discrepancy.Kind.DIFFERENT,
            List.of(new Discrepancy.ColumnDifference("body", large, large + "00")),
            "pg:1:00:00",
            AT,
            AT);
    RecordDecoder.Upsert upsert =
        upsert(
            decoder.decode(
                record("lockstep.discrepancies", 4, DiscrepancyCodec.encodeValue(found))));
    assertThat(upsert.retryable()).isTrue();
    assertThat(upsert.record().error()).isEqualTo("verifier: different in body");
  }

  @Test
  void aDiscrepancyWithoutATableIsUndecodable() {
    RecordDecoder.Upsert upsert =
        upsert(
            decoder.decode(
                record(
                    "lockstep.discrepancies",
                    5,
                    utf8(
                        "{\"v\":1,\"pipeline\":\"shop\",\"key\":{\"id\":3},\"kind\":\"missing\","
                            + "\"columns\":[],\"detected_at\":\"2026-01-01T00:00:00Z\"}"))));
    assertThat(upsert.retryable()).isFalse();
    assertThat(upsert.record().table()).isEqualTo(RowlessTables.UNDECODABLE);
    assertThat(upsert.record().error()).isEqualTo("cannot be read: the record names no table");
  }

  @Test
  void aTableNameLongerThanAnyTablesIsUndecodable() {
    String json =
        new String(
                FailedRowCodec.encodeValue(failedRow(FailedRow.Kind.REJECTED, "{\"id\":1}")),
                StandardCharsets.UTF_8)
            .replace("postgres.shop.customers", "shop." + "t".repeat(600));
    RecordDecoder.Upsert upsert =
        upsert(decoder.decode(record("lockstep.failed-rows", 6, utf8(json))));
    assertThat(upsert.retryable()).isFalse();
    assertThat(upsert.record().error()).contains("605 characters");
  }

  @Test
  void aVersionThisBuildDoesNotKnowIsUndecodable() {
    String json =
        new String(
                FailedRowCodec.encodeValue(failedRow(FailedRow.Kind.REJECTED, "{\"id\":1}")),
                StandardCharsets.UTF_8)
            .replace("\"v\":1", "\"v\":2");
    RecordDecoder.Upsert upsert =
        upsert(decoder.decode(record("lockstep.failed-rows", 7, utf8(json))));
    assertThat(upsert.retryable()).isFalse();
    assertThat(upsert.record().error())
        .isEqualTo("cannot be read: the record's version is 2; this build reads version 1");
  }

  @Test
  void garbageBytesAreKeptByteForByte() {
    byte[] garbage = {0, (byte) 0xff, (byte) 0xfe, 'x', 0};
    RecordDecoder.Upsert upsert =
        upsert(decoder.decode(record("lockstep.failed-rows", 8, garbage)));
    assertThat(upsert.retryable()).isFalse();
    assertThat(upsert.record().record().encoding()).isEqualTo(RecordText.Encoding.BASE64);
    assertThat(upsert.record().record().bytes()).isEqualTo(garbage);
  }

  @Test
  void aDecimalKeyKeepsItsDigitsSoBothTopicsNameOneItem() {
    // As on the wire: the decoder keeps the digits it reads (whatever the writer kept).
    String json =
        new String(
                FailedRowCodec.encodeValue(failedRow(FailedRow.Kind.REJECTED, "{\"id\":7}")),
                StandardCharsets.UTF_8)
            .replace("\"key\":{\"id\":7}", "\"key\":{\"id\":1.10}");
    RecordDecoder.Upsert failed =
        upsert(decoder.decode(record("lockstep.failed-rows", 9, utf8(json))));
    Discrepancy found =
        new Discrepancy(
            "shop",
            "shop.customers",
            "{\"id\": 1.10}",
            Discrepancy.Kind.MISSING,
            List.of(),
            "pg:1:00:00",
            AT,
            AT);
    RecordDecoder.Upsert discrepancy =
        upsert(
            decoder.decode(
                record("lockstep.discrepancies", 9, DiscrepancyCodec.encodeValue(found))));
    assertThat(failed.record().keyJson()).isEqualTo("{\"id\":1.10}");
    assertThat(discrepancy.record().keyJson()).isEqualTo(failed.record().keyJson());
  }

  @Test
  void aRefusedTruncateIsAnItemOfItsTableThatNoRetryTakes() {
    FailedRow truncate =
        new FailedRow(
            FailedRow.Kind.TRUNCATE_REFUSED,
            "shop",
            "postgres.shop.customers",
            "{}",
            "pg:1:0000000001A2B3C4:0000000001A2B400",
            new FailedRow.Error("TruncateRefused", null, 0, "TRUNCATE of ... was not replicated"),
            0,
            AT,
            null,
            null,
            null);
    RecordDecoder.Upsert upsert =
        (RecordDecoder.Upsert)
            decoder.decode(record("lockstep.failed-rows", 7, FailedRowCodec.encodeValue(truncate)));

    assertThat(upsert.retryable()).isFalse();
    assertThat(upsert.record().kind()).isEqualTo(ItemKind.TRUNCATE_REFUSED);
    assertThat(upsert.record().table()).isEqualTo("shop.customers");
    assertThat(upsert.record().keyJson()).isEqualTo("{}");
    assertThat(upsert.record().error())
        .isEqualTo("capture: truncate_refused: TRUNCATE of ... was not replicated");
  }

  @Test
  void aTruncateTheTargetRefusedIsNotRetriedEither() {
    RecordDecoder.Upsert upsert =
        (RecordDecoder.Upsert)
            decoder.decode(
                record(
                    "lockstep.failed-rows",
                    8,
                    FailedRowCodec.encodeValue(failedRow(FailedRow.Kind.REJECTED, "{}"))));

    assertThat(upsert.record().kind()).isEqualTo(ItemKind.REJECTED);
    assertThat(upsert.record().keyJson()).isEqualTo("{}");
    assertThat(upsert.retryable()).isFalse();
  }

  @Test
  void everyFailedRowsKindButResolvedHasAnItemKindOfItsName() {
    for (FailedRow.Kind kind : FailedRow.Kind.values()) {
      if (kind != FailedRow.Kind.RESOLVED) {
        assertThat(ItemKind.of(kind).name()).isEqualTo(kind.name());
        assertThat(ItemKind.of(kind).failedRow()).isTrue();
      }
    }
  }
}
