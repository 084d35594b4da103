package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.capture.mariadb.MariaDbRecordConverter;
import io.lockstep.capture.postgres.PostgresRecordConverter;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import io.lockstep.signal.SignalTable;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Re-snapshots while streaming: connector settings, positions of the reads, epochs. */
class IncrementalSnapshotTest {

  private static final Schema ROW =
      SchemaBuilder.struct()
          .field(
              "id",
              SchemaBuilder.int64().parameter("__debezium.source.column.type", "INT8").build())
          .build();
  private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
  private static final Schema PG_SOURCE =
      SchemaBuilder.struct()
          .field("db", Schema.STRING_SCHEMA)
          .field("schema", Schema.STRING_SCHEMA)
          .field("table", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
          .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
          .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
          .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  private static final Schema MY_SOURCE =
      SchemaBuilder.struct()
          .field("db", Schema.STRING_SCHEMA)
          .field("table", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
          .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  @Test
  void aSignalTableTurnsOnTheSourceChannelAndIsCaptured() {
    Properties p =
        DebeziumProperties.of(
            TestConfigs.pipeline(
                "shop",
                "postgres",
                "source.tables: ['public\\.orders']",
                "source.signal-table: public.lockstep_signal"));
    assertThat(p.getProperty("signal.enabled.channels")).isEqualTo("source");
    assertThat(p.getProperty("signal.data.collection")).isEqualTo("public.lockstep_signal");
    assertThat(p.getProperty("table.include.list"))
        .isEqualTo("public\\.orders,public\\.lockstep_signal");
  }

  @Test
  void withoutASignalTableNothingChanges() {
    Properties p =
        DebeziumProperties.of(
            TestConfigs.pipeline("shop", "postgres", "source.tables: ['public\\.orders']"));
    assertThat(p).doesNotContainKeys("signal.enabled.channels", "signal.data.collection");
    assertThat(p.getProperty("table.include.list")).isEqualTo("public\\.orders");
  }

  @Test
  void aBinlogSignalTableInAnotherDatabaseIsReadToo() {
    Properties p =
        DebeziumProperties.of(
            TestConfigs.pipeline("shop", "mariadb", "source.signal-table: ops.lockstep_signal"));
    assertThat(p.getProperty("database.include.list")).isEqualTo("shop,ops");
    assertThat(p.getProperty("signal.data.collection")).isEqualTo("ops.lockstep_signal");
  }

  @Test
  void theSignalTableIsRecognisedAsTheConvertersNameIt() {
    SignalTable pg =
        SignalTable.of(TestConfigs.pipeline("shop", "postgres", "source.signal-table: public.sig"))
            .orElseThrow();
    assertThat(pg.holds(new TableId("shop", "public", "sig"))).isTrue();
    assertThat(pg.holds(new TableId("shop", "public", "orders"))).isFalse();
    SignalTable my =
        SignalTable.of(TestConfigs.pipeline("shop", "mariadb", "source.signal-table: shop.sig"))
            .orElseThrow();
    assertThat(my.holds(new TableId("shop", "shop", "sig"))).isTrue();
  }

  @Test
  void anIncrementalReadTakesThePositionOfTheClosingWatermark() {
    PostgresRecordConverter converter = new PostgresRecordConverter();
    ChangeEvent before = converter.convert(pg("u", null, "[\"900\",\"1000\"]", 1000), 3);
    ChangeEvent read = converter.convert(pg("r", "incremental", "[\"1500\",\"2048\"]", 2048), 3);
    ChangeEvent after = converter.convert(pg("u", null, "[\"2100\",\"2200\"]", 2200), 3);
    ChangeEvent initial = converter.convert(pg("r", "true", "[null,\"2048\"]", 2048), 3);

    assertThat(read.position()).isEqualTo(SourcePosition.postgres(3, 1500, 2048));
    assertThat(read.position()).isGreaterThan(before.position()).isLessThan(after.position());
    assertThat(initial.position()).isEqualTo(SourcePosition.snapshot(3));
  }

  @Test
  void aBinlogIncrementalReadTakesThePositionOfTheClosingWatermark() {
    MariaDbRecordConverter converter = new MariaDbRecordConverter();
    ChangeEvent before = converter.convert(my("u", null, 400), 3);
    ChangeEvent read = converter.convert(my("r", "incremental", 800), 3);
    ChangeEvent after = converter.convert(my("u", null, 1200), 3);

    assertThat(read.position()).isEqualTo(SourcePosition.mariadb(3, 3, 800, 1, 1));
    assertThat(read.position()).isGreaterThan(before.position()).isLessThan(after.position());
  }

  @Test
  void restoringAnIncrementalSnapshotKeepsTheEpoch() {
    String offset =
        "{\"lsn\":2048,\"lsn_proc\":2000,\"lsn_commit\":1500,\"snapshot\":\"INCREMENTAL\","
            + "\"last_snapshot_record\":false,\"snapshot_completed\":false,"
            + "\"incremental_snapshot_collections\":\"[]\"}";
    assertThat(DebeziumSourceReader.restoredEpoch(new DebeziumSplit("{}", offset, 7))).hasValue(7);
  }

  private static SourceRecord pg(String op, String snapshot, String sequence, long lsn) {
    Struct source =
        new Struct(PG_SOURCE)
            .put("db", "shop")
            .put("schema", "public")
            .put("table", "orders")
            .put("ts_ms", 1_704_067_200_000L)
            .put("snapshot", snapshot)
            .put("txId", 5L)
            .put("lsn", lsn)
            .put("sequence", sequence);
    return record(source, op, Map.of("lsn", lsn));
  }

  private static SourceRecord my(String op, String snapshot, long pos) {
    Struct source =
        new Struct(MY_SOURCE)
            .put("db", "shop")
            .put("table", "orders")
            .put("ts_ms", 1_704_067_200_000L)
            .put("snapshot", snapshot);
    return record(
        source, op, Map.of("file", "mysql-bin.000003", "pos", pos, "event", 1L, "row", 1L));
  }

  private static SourceRecord record(Struct source, String op, Map<String, ?> offset) {
    Schema envelopeSchema =
        SchemaBuilder.struct()
            .name("shop.public.orders.Envelope")
            .field(
                "before",
                SchemaBuilder.struct().optional().field("id", ROW.field("id").schema()).build())
            .field(
                "after",
                SchemaBuilder.struct().optional().field("id", ROW.field("id").schema()).build())
            .field("source", source.schema())
            .field("op", Schema.STRING_SCHEMA)
            .build();
    Struct after = new Struct(envelopeSchema.field("after").schema()).put("id", 1L);
    Struct envelope =
        new Struct(envelopeSchema).put("after", after).put("source", source).put("op", op);
    return new SourceRecord(
        Map.of("server", "shop"),
        offset,
        "shop.public.orders",
        null,
        KEY,
        new Struct(KEY).put("id", 1L),
        envelopeSchema,
        envelope);
  }
}
