package io.lockstep.bench;

import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Runs setup statements. */
final class Sql {

  private Sql() {}

  static void execute(DataSource database, String... statements) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  static OrdersTable.State state(DataSource database, String table) throws SQLException {
    try (Connection connection = database.getConnection()) {
      return OrdersTable.state(connection, table);
    }
  }

  /**
   * PostgreSQL's native logical replication of {@code table} from {@code source} to {@code target}:
   * publication and subscription {@code bench_native}, copying existing rows or not.
   */
  static void subscribeNatively(
      EmbeddedPostgresServer source, EmbeddedPostgresServer target, String table, boolean copyData)
      throws SQLException {
    execute(source.dataSource(), "CREATE PUBLICATION bench_native FOR TABLE " + table);
    execute(
        target.dataSource(),
        "CREATE SUBSCRIPTION bench_native CONNECTION 'host=localhost port="
            + source.port()
            + " dbname="
            + source.database()
            + " user="
            + EmbeddedPostgresServer.USER
            + "' PUBLICATION bench_native WITH (copy_data = "
            + copyData
            + ")");
  }
}
