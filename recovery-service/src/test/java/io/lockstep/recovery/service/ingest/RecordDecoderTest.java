package io.lockstep.recovery.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.discrepancy.DiscrepancyCodec;
import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import io.lockstep.recovery.service.item.ItemKind;
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
    assertThat(upsert.record().table()).isEqualTo(RecordDecoder.UNDECODABLE_TABLE);
    assertThat(upsert.record().keyJson())
        .isEqualTo("{\"offset\":9,\"partition\":2,\"topic\":\"lockstep.discrepancies\"}");
    assertThat(upsert.record().record()).isEqualTo("not json");
  }

  @Test
  void aRecordWithoutAValueIsUndecodable() {
    RecordDecoder.Upsert upsert =
        (RecordDecoder.Upsert) decoder.decode(record("lockstep.failed-rows", 3, null));
    assertThat(upsert.retryable()).isFalse();
    assertThat(upsert.record().record()).isNull();
  }
}
