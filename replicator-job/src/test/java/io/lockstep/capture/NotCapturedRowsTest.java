package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.contract.SerializedChange;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The record limit holds to the byte: a record of exactly the limit is written, one more not. */
class NotCapturedRowsTest {

  private static final TableSchema ORDERS =
      new TableSchema(
          new TableId("shop", "shop", "orders"),
          List.of(
              new ColumnSchema("id", ColumnType.INT64, null, "bigint", false),
              new ColumnSchema("doc", ColumnType.STRING, null, "longtext", true)),
          List.of("id"));

  private static final ChangeEvent LARGE =
      ChangeEvent.insert(
          ORDERS,
          Map.of("id", 7L, "doc", "x".repeat(100_000)),
          Instant.parse("2026-12-07T10:00:00Z"),
          SourcePosition.mariadb(1, 2, 3, 4, 5),
          "1");

  private static final int SIZE = ChangeEventCodec.encodeValue(LARGE).length;

  private static NotCapturedRows withLimit(int limit) {
    return new NotCapturedRows(
        TestConfigs.pipeline("shop", "mariadb", "kafka.max-record-bytes: " + limit),
        new UnregisteredMetricsGroup());
  }

  @Test
  void aRecordOfExactlyTheLimitIsWritten() {
    SerializedChange record = withLimit(SIZE).recordOf(LARGE);
    assertThat(record.topic).isEqualTo("lockstep.shop.shop.orders");
    assertThat(record.value).hasSize(SIZE);
  }

  @Test
  void aRecordOneByteOverTheLimitIsDeadLetteredWithItsKeyAndSize() {
    SerializedChange record = withLimit(SIZE - 1).recordOf(LARGE);
    assertThat(record.topic).isEqualTo("lockstep.failed-rows");
    FailedRow row = FailedRowCodec.decodeValue(record.value);
    assertThat(row.kind()).isEqualTo(FailedRow.Kind.NOT_CAPTURED);
    assertThat(row.table()).isEqualTo("shop.shop.orders");
    assertThat(row.keyJson()).isEqualTo("{\"id\":7}");
    assertThat(row.position()).isEqualTo(LARGE.position());
    assertThat(row.event()).isNull();
    assertThat(row.error().message())
        .contains(SIZE + " bytes")
        .contains("kafka.max-record-bytes (" + (SIZE - 1) + ")");
    // The dead-letter record itself is small: it never carries the row.
    assertThat(record.value.length).isLessThan(1024);
  }
}
