package io.lockstep.engine.mariadb;

import io.lockstep.engine.Sequences;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The table's AUTO_INCREMENT column, read from {@code information_schema.tables} and set with
 * {@code ALTER TABLE}.
 */
final class MariaDbSequences implements Sequences {

  private static final String AUTO_INCREMENT =
      """
      SELECT c.column_name, t.auto_increment
      FROM information_schema.tables t
      JOIN information_schema.columns c
        ON c.table_schema = t.table_schema AND c.table_name = t.table_name
      WHERE t.table_schema = ? AND t.table_name = ? AND c.extra LIKE '%auto_increment%'
      """;

  @Override
  public Map<String, Long> lastValues(Connection connection, String schema, String table)
      throws SQLException {
    Map<String, Long> values = new LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(AUTO_INCREMENT)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long value = rs.getLong(2);
          boolean unused = rs.wasNull() || value <= 1;
          // AUTO_INCREMENT is the next value to be given; the last one given is one less.
          values.put(rs.getString(1), unused ? null : value - 1);
        }
      }
    }
    return values;
  }

  @Override
  public void setLastValue(
      Connection connection, String schema, String table, String column, long lastValue)
      throws SQLException {
    // DDL takes no parameters; the names are the catalog's, quoted, and the value a number.
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER TABLE "
              + quote(schema)
              + "."
              + quote(table)
              + " AUTO_INCREMENT = "
              + (lastValue + 1));
    }
  }

  private static String quote(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }
}
