package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.relational.Column;
import io.debezium.relational.Key;
import io.debezium.relational.Table;
import io.debezium.relational.TableId;
import io.debezium.util.Strings;
import io.lockstep.capture.postgres.PostgresCapture;
import io.lockstep.capture.spi.StartingSource;
import io.lockstep.config.ConfigException;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.ReservedPassThroughKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DebeziumPropertiesTest {

  @Test
  void mariadbSourceUsesTheBinlogConnectorWithLosslessValues() {
    Properties p = DebeziumProperties.of(TestConfigs.pipeline("shop", "mariadb"));

    assertThat(p)
        .containsEntry("connector.class", "io.debezium.connector.mariadb.MariaDbConnector")
        .containsEntry("database.hostname", "db.example")
        .containsEntry("database.port", "3306")
        .containsEntry("database.user", "capture")
        .containsEntry("database.password", "secret-of-SOURCE_PW")
        .containsEntry("database.include.list", "shop")
        .containsEntry("table.include.list", "shop\\.orders,shop\\.order_lines")
        .containsEntry("decimal.handling.mode", "string")
        .containsEntry("bigint.unsigned.handling.mode", "precise")
        .containsEntry("time.precision.mode", "adaptive_time_microseconds")
        .containsEntry("binary.handling.mode", "bytes")
        .containsEntry("column.propagate.source.type", ".*")
        .containsEntry("include.schema.changes", "false")
        .containsEntry("tombstones.on.delete", "false")
        .containsEntry("skipped.operations", "none")
        .containsEntry("snapshot.locking.mode", "minimal")
        .containsEntry("snapshot.mode", "initial")
        .containsEntry("heartbeat.interval.ms", "10000")
        .containsEntry("poll.interval.ms", "20")
        .containsEntry("offset.storage", FlinkStateOffsetStore.class.getName())
        .containsEntry("schema.history.internal", FlinkStateSchemaHistory.class.getName());
    // PostgreSQL's settings, and its heartbeat query, have no place on a binlog source.
    assertThat(p)
        .doesNotContainKeys(
            "heartbeat.action.query",
            "slot.name",
            "publication.name",
            "plugin.name",
            "lsn.flush.mode",
            "database.dbname",
            "interval.handling.mode");
  }

  @Test
  void everyKeyTheCaptureSetsIsReservedSoAPipelineFileCannotOverrideIt() {
    for (String type : List.of("postgres", "mariadb")) {
      Properties p =
          DebeziumProperties.of(
              TestConfigs.pipeline(
                  "shop",
                  type,
                  "source.signal-table: shop.lockstep_signals",
                  "source.key-columns: ['shop.orders:id']",
                  "source.exclude-columns: ['shop.orders.note']",
                  "source.exclude-tables: ['shop.audit']",
                  "source.heartbeat-action-query: SELECT 1"));
      List<String> keys = new ArrayList<>(p.stringPropertyNames());
      // Set by the reader when it starts the engine from a checkpoint.
      keys.addAll(
          List.of(
              FlinkStateSchemaHistory.BUFFER_ID,
              FlinkStateOffsetStore.PRELOAD_PARTITION,
              FlinkStateOffsetStore.PRELOAD_OFFSET,
              // Set from what the source says at start (StartingSource).
              PostgresCapture.PUBLISH_VIA_PARTITION_ROOT));

      assertThat(keys)
          .as(type + ": keys missing from ReservedPassThroughKeys")
          .allMatch(ReservedPassThroughKeys::isReservedDebeziumKey);
    }
  }

  @Test
  void aHeartbeatQueryTheUserSetIsSentToMariadb() {
    Properties p =
        DebeziumProperties.of(
            TestConfigs.pipeline(
                "shop",
                "mysql",
                "source.heartbeat-action-query: UPDATE ops.heartbeat SET ts = NOW(6)"));
    assertThat(p).containsEntry("heartbeat.action.query", "UPDATE ops.heartbeat SET ts = NOW(6)");
  }

  @Test
  void postgresKeepsItsOwnSettings() {
    Properties p = DebeziumProperties.of(TestConfigs.pipeline("shop", "postgres"));
    assertThat(p)
        .containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
        .containsEntry("database.dbname", "shop")
        .containsEntry("slot.name", "lockstep_shop")
        .containsEntry("lsn.flush.mode", "connector")
        .containsEntry("interval.handling.mode", "string")
        .containsKey("heartbeat.action.query")
        .doesNotContainKeys(
            "database.server.id", "schema.history.internal", "bigint.unsigned.handling.mode");
  }

  @Test
  void keyColumnsAndExclusionsAreTranslatedForBothEngines() {
    for (String type : List.of("mariadb", "postgres")) {
      PipelineConfig config =
          TestConfigs.pipeline(
              "shop",
              type,
              "source.tables: ['shop\\..*']",
              "source.exclude-tables: ['shop\\.orders_archive', 'shop\\.tmp_.*']",
              "source.exclude-columns: ['shop\\.customers\\.password_hash']",
              "source.key-columns: ['shop.audit_log:event_id,occurred_at', 'shop.notes:id']");
      Properties p = DebeziumProperties.of(config);

      assertThat(p)
          .containsEntry("column.exclude.list", "shop\\.customers\\.password_hash")
          .containsEntry(
              "message.key.columns",
              "shop\\x{2e}audit_log:event_id,occurred_at;shop\\x{2e}notes:id")
          .doesNotContainKey("table.exclude.list");
      List<Pattern> included =
          Arrays.stream(p.getProperty("table.include.list").split(","))
              .map(Pattern::compile)
              .toList();
      assertThat(included.stream().anyMatch(i -> i.matcher("shop.orders").matches())).isTrue();
      assertThat(included.stream().anyMatch(i -> i.matcher("shop.orders_archive").matches()))
          .isFalse();
      assertThat(included.stream().anyMatch(i -> i.matcher("shop.tmp_1").matches())).isFalse();
      assertThat(included.stream().anyMatch(i -> i.matcher("shop.tmp").matches())).isTrue();
    }
  }

  @Test
  void partitionsTheSourceNamesAreLeftOutAndItsSettingsWin() {
    PipelineConfig config =
        TestConfigs.pipeline(
            "shop",
            "postgres",
            "source.tables: ['shop\\..*']",
            "source.exclude-tables: ['shop\\.tmp_.*']");
    StartingSource startingSource =
        new StartingSource(
            List.of("shop.orders_2024", "shop.orders,q{1,2}", "shop.Zählung $1"),
            Map.of("publish.via.partition.root", "true"));
    Properties p = DebeziumProperties.of(config, startingSource);

    assertThat(p).containsEntry("publish.via.partition.root", "true");
    // Split as Debezium splits the list: no name may add a pattern or a quantifier of its own.
    List<Pattern> included =
        Arrays.stream(p.getProperty("table.include.list").split(","))
            .map(r -> Pattern.compile(r, Pattern.CASE_INSENSITIVE))
            .toList();
    assertThat(included).hasSize(1);
    Pattern include = included.get(0);
    assertThat(include.matcher("shop.orders").matches()).isTrue();
    assertThat(include.matcher("shop.orders_2025").matches()).isTrue();
    assertThat(include.matcher("shop.orders_2024").matches()).isFalse();
    assertThat(include.matcher("shop.Zählung $1").matches()).isFalse();
    assertThat(include.matcher("shop.Zählung $12").matches()).isTrue();
    assertThat(include.matcher("shop.tmp_1").matches()).isFalse();
  }

  @Test
  void anExactNameMatchesOnlyItself() {
    for (String name : List.of("shop.orders_2024", "a.b,c{1}", "s p.t$ü", "x.y\\E.*")) {
      Pattern exact = Pattern.compile(DebeziumProperties.exactName(name));
      assertThat(exact.matcher(name).matches()).as(name).isTrue();
      assertThat(exact.matcher(name + "x").matches()).as(name).isFalse();
      assertThat(DebeziumProperties.exactName(name)).doesNotContain(",");
    }
    assertThat(Pattern.compile(DebeziumProperties.exactName("a.b")).matcher("axb").matches())
        .isFalse();
  }

  @Test
  void debeziumReadsNamesWithCommasDotsAndQuotesAsTheyAreWritten() {
    PipelineConfig config =
        TestConfigs.pipeline(
            "shop",
            "postgres",
            "source.tables: ['shop\\.orders', 'Odd \"S\"\\.\\$\\.T, x{1,2}']",
            "source.exclude-columns: ['shop\\.orders\\.a,b']",
            "source.key-columns: ['Odd \"S\".$.T, xx:Key \"Id\".$, other ü']");
    Properties p = DebeziumProperties.of(config);

    // Debezium's own parsers, as the connector reads these settings.
    Set<Pattern> included = Strings.setOfRegex(p.getProperty("table.include.list"));
    assertThat(included.stream().anyMatch(i -> i.matcher("Odd \"S\".$.T, xx").matches())).isTrue();
    assertThat(included.stream().anyMatch(i -> i.matcher("shop.orders").matches())).isTrue();
    assertThat(Strings.setOfRegex(p.getProperty("column.exclude.list")))
        .singleElement()
        .satisfies(e -> assertThat(e.matcher("shop.orders.a,b").matches()).isTrue());
    Table table =
        Table.editor()
            .tableId(new TableId(null, "Odd \"S\".$", "T, xx"))
            .addColumn(Column.editor().name("Key \"Id\".$").type("int").create())
            .addColumn(Column.editor().name("other ü").type("int").create())
            .addColumn(Column.editor().name("Key \"Id\"x$").type("int").create())
            .create();
    assertThat(
            Key.CustomKeyMapper.getInstance(p.getProperty("message.key.columns"), null)
                .getKeyKolumns(table)
                .stream()
                .map(Column::name))
        .containsExactly("Key \"Id\".$", "other ü");
    // A name whose regex characters were read as such would match other tables too.
    Table lookalike =
        Table.editor()
            .tableId(new TableId(null, "Odd \"S\"x$", "T, xx"))
            .addColumn(Column.editor().name("Key \"Id\".$").type("int").create())
            .create();
    assertThat(
            Key.CustomKeyMapper.getInstance(p.getProperty("message.key.columns"), null)
                .getKeyKolumns(lookalike))
        .isEmpty();
  }

  @Test
  void aKeyColumnThatIsExcludedIsRefused() {
    PipelineConfig config =
        TestConfigs.pipeline(
            "shop",
            "mariadb",
            "source.exclude-columns: ['shop\\.audit_log\\.occurred_.*']",
            "source.key-columns: ['shop.audit_log:event_id,occurred_at']");

    assertThatThrownBy(() -> DebeziumProperties.of(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.key-columns names shop.audit_log.occurred_at")
        .hasMessageContaining("source.exclude-columns excludes it");
  }

  @Test
  void noDataSnapshotModeIsPassedAsTheConnectorSpellsIt() {
    assertThat(
            DebeziumProperties.of(
                    TestConfigs.pipeline("shop", "mariadb", "source.snapshot-mode: no_data"))
                .getProperty("snapshot.mode"))
        .isEqualTo("no_data");
  }
}
