package io.lockstep.engine.postgres;

import io.lockstep.engine.Sequences;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequences a table's columns own (serial and identity columns, through {@code pg_depend}),
 * read from {@code pg_sequences} and set with {@code setval}.
 */
final class PostgresSequences implements Sequences {

  private static final String SEQUENCES =
      """
      SELECT a.attname, s.last_value
      FROM pg_class t
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_depend d ON d.refobjid = t.oid AND d.refclassid = 'pg_class'::regclass
        AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
      JOIN pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
      JOIN pg_namespace sn ON sn.oid = sc.relnamespace
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      JOIN pg_sequences s ON s.schemaname = sn.nspname AND s.sequencename = sc.relname
      WHERE n.nspname = ? AND t.relname = ?
      """;

  @Override
  public Map<String, Long> lastValues(Connection connection, String schema, String table)
      throws SQLException {
    Map<String, Long> values = new LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(SEQUENCES)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long value = rs.getLong(2);
          boolean unused = rs.wasNull(); // before reading another column
          values.put(rs.getString(1), unused ? null : value);
        }
      }
    }
    return values;
  }

  @Override
  public void setLastValue(
      Connection connection, String schema, String table, String column, long lastValue)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT setval(pg_get_serial_sequence(format('%I.%I', ?, ?), ?), ?, true)")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      ps.setString(3, column);
      ps.setLong(4, lastValue);
      ps.execute();
    }
  }
}
