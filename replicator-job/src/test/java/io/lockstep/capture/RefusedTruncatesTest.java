package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.contract.SerializedChange;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** {@code source.truncate}: a refused truncate is dead-lettered and counted; nothing else is. */
class RefusedTruncatesTest {

  private static final TableId ORDERS = new TableId("shop", "shop", "orders");
  private static final String POSITION = SourcePosition.mariadb(1, 2, 3, 4, 0);
  private static final ChangeEvent TRUNCATE =
      ChangeEvent.truncate(ORDERS, Instant.parse("2026-12-07T10:00:00Z"), POSITION, null);
  private static final ChangeEvent INSERT =
      ChangeEvent.insert(
          new TableSchema(
              ORDERS,
              List.of(new ColumnSchema("id", ColumnType.INT64, null, "bigint", false)),
              List.of("id")),
          Map.of("id", 7L),
          Instant.parse("2026-12-07T10:00:00Z"),
          POSITION,
          null);

  /** A metric group whose one counter the test can read. */
  private static final class Counting extends UnregisteredMetricsGroup {
    final SimpleCounter counter = new SimpleCounter();

    @Override
    public org.apache.flink.metrics.Counter counter(String name) {
      return counter;
    }
  }

  @Test
  void byDefaultATruncateIsReplicated() {
    RefusedTruncates truncates =
        new RefusedTruncates(TestConfigs.pipeline("shop", "mariadb"), new Counting());
    assertThat(truncates.refuses(TRUNCATE)).isFalse();
  }

  @Test
  void refusedATruncateIsDeadLetteredWithItsTablePositionAndWhatToDo() {
    Counting metrics = new Counting();
    RefusedTruncates truncates =
        new RefusedTruncates(
            TestConfigs.pipeline("shop", "mariadb", "source.truncate: refuse"), metrics);
    assertThat(truncates.refuses(INSERT)).isFalse();
    assertThat(truncates.refuses(TRUNCATE)).isTrue();

    SerializedChange record = truncates.deadLetter(TRUNCATE);

    assertThat(record.topic).isEqualTo("lockstep.failed-rows");
    assertThat(new String(record.key, StandardCharsets.UTF_8)).contains("shop.shop.orders");
    FailedRow row = FailedRowCodec.decodeValue(record.value);
    assertThat(row.kind()).isEqualTo(FailedRow.Kind.TRUNCATE_REFUSED);
    assertThat(row.table()).isEqualTo("shop.shop.orders");
    assertThat(row.keyJson()).isEqualTo("{}");
    assertThat(row.position()).isEqualTo(POSITION);
    assertThat(row.error().message())
        .contains("TRUNCATE of source table shop.shop.orders")
        .contains("source.truncate: refuse")
        .contains("reconcile the table");
    assertThat(metrics.counter.getCount()).isEqualTo(1);
  }
}
