package io.lockstep.runner.compare;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a PostgreSQL table on source and target by reading every row of both: the columns the
 * source has, in PostgreSQL's text form, keyed by primary key. Metadata columns on the target are
 * ignored because only the source's columns are read. Meant for the quickstart and tests, where
 * tables fit in memory; the recovery service compares large tables by checksum bisection.
 */
public final class RowByRowComparator {

  private static final int EXAMPLES = 5;

  private RowByRowComparator() {}

  public static TableComparison compare(
      Connection source, Connection target, String schema, String table) throws SQLException {
    return compare(source, target, schema, table, Set.of());
  }

  /**
   * Compares, leaving out the rows whose key (primary-key values as text, in column order) is in
   * {@code accountedFor}: rows known to be elsewhere, such as in the dead-letter topic.
   */
  public static TableComparison compare(
      Connection source,
      Connection target,
      String schema,
      String table,
      Set<List<String>> accountedFor)
      throws SQLException {
    List<String> columns = columns(source, schema, table);
    List<String> key = primaryKey(source, schema, table);
    if (key.isEmpty()) {
      throw new SQLException("table " + schema + "." + table + " has no primary key to compare by");
    }
    Map<List<String>, List<String>> sourceRows = read(source, schema, table, columns, key);
    Map<List<String>, List<String>> targetRows = read(target, schema, table, columns, key);
    sourceRows.keySet().removeAll(accountedFor);
    targetRows.keySet().removeAll(accountedFor);
    long missing = 0;
    long different = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<List<String>, List<String>> row : sourceRows.entrySet()) {
      List<String> other = targetRows.get(row.getKey());
      if (other == null) {
        missing++;
        example(examples, "key " + row.getKey() + " missing on target");
      } else if (!Objects.equals(row.getValue(), other)) {
        different++;
        for (int i = 0; i < columns.size(); i++) {
          if (!Objects.equals(row.getValue().get(i), other.get(i))) {
            example(
                examples,
                "key "
                    + row.getKey()
                    + " column "
                    + columns.get(i)
                    + ": source "
                    + row.getValue().get(i)
                    + ", target "
                    + other.get(i));
            break;
          }
        }
      }
    }
    long unexpected = 0;
    for (List<String> targetKey : targetRows.keySet()) {
      if (!sourceRows.containsKey(targetKey)) {
        unexpected++;
        example(examples, "key " + targetKey + " on target but not on source");
      }
    }
    return new TableComparison(
        schema + "." + table,
        sourceRows.size(),
        targetRows.size(),
        missing,
        unexpected,
        different,
        examples);
  }

  private static void example(List<String> examples, String text) {
    if (examples.size() < EXAMPLES) {
      examples.add(text);
    }
  }

  private static Map<List<String>, List<String>> read(
      Connection connection, String schema, String table, List<String> columns, List<String> key)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i))).append("::text");
    }
    sql.append(" FROM ").append(quote(schema)).append('.').append(quote(table));
    Map<List<String>, List<String>> rows = new HashMap<>();
    Set<String> keySet = Set.copyOf(key);
    try (Statement statement = connection.createStatement()) {
      statement.setFetchSize(5_000);
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (ResultSet rs = statement.executeQuery(sql.toString())) {
        while (rs.next()) {
          List<String> values = new ArrayList<>(columns.size());
          List<String> keyValues = new ArrayList<>(key.size());
          for (int i = 0; i < columns.size(); i++) {
            String value = rs.getString(i + 1);
            values.add(value);
            if (keySet.contains(columns.get(i))) {
              keyValues.add(value);
            }
          }
          rows.put(keyValues, values);
        }
      } finally {
        connection.commit();
        connection.setAutoCommit(autoCommit);
      }
    }
    return rows;
  }

  static List<String> columns(Connection connection, String schema, String table)
      throws SQLException {
    return strings(
        connection,
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND"
            + " table_name = ? ORDER BY ordinal_position",
        schema,
        table);
  }

  static List<String> primaryKey(Connection connection, String schema, String table)
      throws SQLException {
    return strings(
        connection,
        "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)"
            + " WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary ORDER BY a.attnum",
        schema,
        table);
  }

  private static List<String> strings(Connection connection, String sql, String... parameters)
      throws SQLException {
    List<String> result = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setString(i + 1, parameters[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(rs.getString(1));
        }
      }
    }
    return result;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
