package io.lockstep.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.TableId;
import io.lockstep.types.Engine;
import org.junit.jupiter.api.Test;

/** The signal table's SQL on each engine, as the preflight quotes it and operators run it. */
class SignalTableTest {

  @Test
  void postgresNamesAndCreatesItInItsSchema() {
    SignalTable table = new SignalTable(Engine.POSTGRES, "ops", "sig\"nal");
    assertThat(table.sqlName()).isEqualTo("\"ops\".\"sig\"\"nal\"");
    assertThat(table.createTableSql())
        .isEqualTo(
            "CREATE TABLE \"ops\".\"sig\"\"nal\" (id varchar(64) PRIMARY KEY, type varchar(32)"
                + " NOT NULL, data text)");
    assertThat(table.holds(new TableId("shop", "ops", "sig\"nal"))).isTrue();
    assertThat(table.holds(new TableId("ops", "public", "sig\"nal"))).isFalse();
  }

  @Test
  void mariaDbNamesAndCreatesItInItsDatabase() {
    SignalTable table = new SignalTable(Engine.MARIADB, "shop", "sig`nal");
    assertThat(table.sqlName()).isEqualTo("`shop`.`sig``nal`");
    assertThat(table.createTableSql())
        .isEqualTo(
            "CREATE TABLE `shop`.`sig``nal` (id VARCHAR(64) PRIMARY KEY, type VARCHAR(32) NOT"
                + " NULL, data TEXT)");
    assertThat(table.holds(new TableId("shop", "shop", "sig`nal"))).isTrue();
    assertThat(table.holds(new TableId("other", "shop", "sig`nal"))).isFalse();
  }
}
