package io.lockstep.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.engine.TargetColumn;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import io.lockstep.types.Engine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conversions from what the source returns to what events carry. The expected values are those
 * the capture writes for the same source values (replicator-job's record converters, Debezium's
 * formats); the type-matrix integration tests check the whole path against real captures.
 */
class SourceRowsTest {

  @Test
  void queriesReadEveryColumnByKeyInOneStatement() {
    TableSchema table =
        new TableSchema(
            new TableId("shop", "shop", "orders"),
            List.of(
                ColumnSchema.of("id", ColumnType.INT32),
                new ColumnSchema("placed", ColumnType.TIMESTAMPTZ, null, "TIMESTAMP", true)),
            List.of("id"));
    SourceRows rows = new SourceRows(Engine.MARIADB, table);
    assertThat(rows.selectSql(List.of(new TargetColumn("id", "int", false)), 2))
        .isEqualTo(
            "SELECT `id`, UNIX_TIMESTAMP(`placed`) FROM `shop`.`orders`"
                + " WHERE (`id`) IN ((?), (?))");

    TableSchema pg =
        new TableSchema(
            new TableId("db", "public", "t"),
            List.of(
                new ColumnSchema("id", ColumnType.INT64, null, "int8", false),
                new ColumnSchema("tags", ColumnType.ARRAY, ColumnType.STRING, "_text", true),
                new ColumnSchema("at", ColumnType.TIMESTAMP, null, "timestamp", true)),
            List.of("id"));
    assertThat(
            new SourceRows(Engine.POSTGRES, pg)
                .selectSql(List.of(new TargetColumn("id", "pg_catalog.int8", false)), 1))
        .isEqualTo(
            "SELECT \"id\", \"tags\"::text[], \"at\"::text FROM \"public\".\"t\""
                + " WHERE (\"id\") IN ((CAST(? AS pg_catalog.int8)))");
  }
}
