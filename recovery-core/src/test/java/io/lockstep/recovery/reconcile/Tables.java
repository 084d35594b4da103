package io.lockstep.recovery.reconcile;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import io.lockstep.types.Engine;
import java.util.List;

/** Table pairs for unit tests, as the catalogs would describe them. */
final class Tables {

  private Tables() {}

  static ColumnSchema column(String name, ColumnType type, String nativeType) {
    return new ColumnSchema(name, type, null, nativeType, true);
  }

  static TablePair pair(
      Engine sourceEngine,
      Engine targetEngine,
      List<ColumnSchema> source,
      List<ColumnSchema> target,
      List<String> key) {
    TableSchema s = new TableSchema(new TableId("db", "shop", "orders"), source, key);
    TableSchema t = new TableSchema(new TableId("db", "shop", "orders"), target, key);
    return new TablePair(s, t, source, List.of(), sourceEngine, targetEngine, true);
  }

  /** MariaDB orders (id INT, total DECIMAL, weight DOUBLE, created DATETIME) to PostgreSQL. */
  static TablePair mariaDbToPostgres() {
    return pair(
        Engine.MARIADB,
        Engine.POSTGRES,
        List.of(
            column("id", ColumnType.INT32, "INT"),
            column("total", ColumnType.DECIMAL, "DECIMAL"),
            column("weight", ColumnType.FLOAT64, "DOUBLE"),
            column("created", ColumnType.TIMESTAMP, "DATETIME")),
        List.of(
            column("id", ColumnType.INT32, "int4"),
            column("total", ColumnType.DECIMAL, "numeric"),
            column("weight", ColumnType.FLOAT64, "float8"),
            column("created", ColumnType.TIMESTAMP, "timestamp")),
        List.of("id"));
  }

  /** PostgreSQL (region text, day date, amount numeric) keyed by region and day, to itself. */
  static TablePair compositeTextKey(Engine targetEngine) {
    List<ColumnSchema> source =
        List.of(
            column("region", ColumnType.STRING, "text"),
            column("day", ColumnType.DATE, "date"),
            column("amount", ColumnType.DECIMAL, "numeric"));
    List<ColumnSchema> target =
        targetEngine == Engine.POSTGRES
            ? source
            : List.of(
                column("region", ColumnType.STRING, "VARCHAR"),
                column("day", ColumnType.DATE, "DATE"),
                column("amount", ColumnType.DECIMAL, "DECIMAL"));
    return pair(Engine.POSTGRES, targetEngine, source, target, List.of("region", "day"));
  }
}
