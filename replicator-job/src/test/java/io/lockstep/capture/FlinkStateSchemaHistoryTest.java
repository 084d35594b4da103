package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.config.Configuration;
import io.debezium.connector.mariadb.MariaDbConnectorConfig;
import io.debezium.connector.mariadb.MariaDbOffsetContext;
import io.debezium.connector.mariadb.MariaDbPartition;
import io.debezium.connector.mariadb.antlr.MariaDbAntlrDdlParser;
import io.debezium.pipeline.spi.Offsets;
import io.debezium.relational.Column;
import io.debezium.relational.TableId;
import io.debezium.relational.Tables;
import io.debezium.relational.history.SchemaHistory;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The history as the MariaDB connector uses it: created by Debezium from the capture's properties,
 * written while streaming, checkpointed, and replayed on restore up to the restored offset.
 */
class FlinkStateSchemaHistoryTest {

  private static final Map<String, String> PARTITION = Map.of("server", "shop");
  private static final TableId ORDERS = new TableId("shop", null, "orders");

  private String bufferId;
  private SchemaHistory running;

  @AfterEach
  void stop() {
    // Each history registers its metrics MBean; a second one of the same name waits for the first.
    if (running != null) {
      running.stop();
    }
    if (bufferId != null) {
      FlinkStateSchemaHistory.unregister(bufferId);
    }
  }

  @Test
  void historyRoundTripsThroughTheCheckpoint() throws Exception {
    SchemaHistory first = history(List.of());
    first.record(PARTITION, offset(100), "shop", "CREATE DATABASE shop");
    first.record(
        PARTITION,
        offset(200),
        "shop",
        "CREATE TABLE shop.orders (id BIGINT UNSIGNED PRIMARY KEY, note VARCHAR(20))");
    first.record(PARTITION, offset(300), "shop", "ALTER TABLE shop.orders ADD COLUMN y YEAR");
    List<String> checkpointed = FlinkStateSchemaHistory.buffer(bufferId).records();
    stop();
    assertThat(checkpointed).hasSize(3);

    // Restored at an offset after all three: the table has its newest shape.
    SchemaHistory restored = history(checkpointed);
    assertThat(restored.exists()).isTrue();
    Tables tables = new Tables();
    restored.recover(restoredAt(400), tables, new MariaDbAntlrDdlParser());
    assertThat(tables.forTable(ORDERS).columns())
        .extracting(Column::name)
        .containsExactly("id", "note", "y");
    assertThat(FlinkStateSchemaHistory.buffer(bufferId).records()).isEqualTo(checkpointed);
  }

  @Test
  void recordsNewerThanTheRestoredOffsetAreDroppedAndStoredAgainOnce() throws Exception {
    SchemaHistory first = history(List.of());
    first.record(PARTITION, offset(200), "shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY)");
    // Read by the connector after the last record the checkpoint covers.
    first.record(PARTITION, offset(300), "shop", "ALTER TABLE shop.orders ADD COLUMN note TEXT");
    List<String> checkpointed = FlinkStateSchemaHistory.buffer(bufferId).records();
    stop();

    SchemaHistory restored = history(checkpointed);
    Tables tables = new Tables();
    restored.recover(restoredAt(250), tables, new MariaDbAntlrDdlParser());
    assertThat(tables.forTable(ORDERS).columns()).extracting(Column::name).containsExactly("id");
    assertThat(FlinkStateSchemaHistory.buffer(bufferId).records())
        .containsExactly(checkpointed.get(0));

    // Streaming from 250 reads the ALTER again.
    restored.record(PARTITION, offset(300), "shop", "ALTER TABLE shop.orders ADD COLUMN note TEXT");
    assertThat(FlinkStateSchemaHistory.buffer(bufferId).records()).hasSize(2);
  }

  @Test
  void anEmptyHistoryDoesNotExist() {
    assertThat(history(List.of()).exists()).isFalse();
  }

  @Test
  void anUnknownBufferIsAnErrorNotAnEmptyHistory() {
    Properties properties = DebeziumProperties.of(TestConfigs.pipeline("shop", "mariadb"));
    properties.setProperty(FlinkStateSchemaHistory.BUFFER_ID, "no-such-buffer");
    MariaDbConnectorConfig config = new MariaDbConnectorConfig(Configuration.from(properties));
    assertThatThrownBy(config::getSchemaHistory).hasMessageContaining("no-such-buffer");
  }

  /** The history the connector would create from the capture's properties. */
  private SchemaHistory history(List<String> restored) {
    bufferId = FlinkStateSchemaHistory.register(restored);
    Properties properties = DebeziumProperties.of(TestConfigs.pipeline("shop", "mariadb"));
    properties.setProperty(FlinkStateSchemaHistory.BUFFER_ID, bufferId);
    SchemaHistory history =
        new MariaDbConnectorConfig(Configuration.from(properties)).getSchemaHistory();
    assertThat(history).isInstanceOf(FlinkStateSchemaHistory.class);
    history.start();
    running = history;
    return history;
  }

  /** Offsets as the connector passes them to recovery. */
  private static Offsets<MariaDbPartition, MariaDbOffsetContext> restoredAt(long pos) {
    MariaDbConnectorConfig config =
        new MariaDbConnectorConfig(
            Configuration.from(DebeziumProperties.of(TestConfigs.pipeline("shop", "mariadb"))));
    return Offsets.of(
        new MariaDbPartition("shop", "shop"),
        new MariaDbOffsetContext.Loader(config).load(offset(pos)));
  }

  /**
   * A MariaDB binlog offset: the GTID set of the transactions completed before it (MariaDB GTIDs
   * are domain-server-sequence), which Debezium's comparison of history positions goes by.
   */
  private static Map<String, Object> offset(long pos) {
    return Map.of(
        "file",
        "mysql-bin.000003",
        "pos",
        pos,
        "gtids",
        "0-1-" + pos / 10,
        "server_id",
        1L,
        "ts_sec",
        1_704_067L);
  }
}
