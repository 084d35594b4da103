package io.lockstep.bench;

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
}
