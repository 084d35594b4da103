package io.lockstep.runner.compare;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.engine.DatabaseEngine;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableSchema;
import io.lockstep.types.Engine;
import io.lockstep.types.ValueNormaliser;
import java.sql.Connection;
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
 * Compares a table on source and target by reading every row of both: the columns the source has,
 * keyed by primary key (or the configured key columns). Between servers of one engine, values are
 * compared in the engine's own text form, exactly; across engines, through {@link ValueNormaliser}
 * (design decision 9), typed by the source column. Metadata columns on the target are ignored
 * because only the source's columns are read. Meant for the quickstart and tests, where tables fit
 * in memory; the recovery service compares large tables by checksum bisection.
 */
public final class RowByRowComparator {

  private static final int EXAMPLES = 5;

  private RowByRowComparator() {}

  /** One side of a comparison: a connection, its engine and the table's name there. */
  public record Side(Connection connection, Engine engine, String schema, String table) {}

  /**
   * Compares a source table with its target table, keyed by {@code keyColumns} when given (tables
   * without a primary key), else by the source's primary key.
   */
  public static TableComparison compare(
      Side source, Side target, List<String> keyColumns, Set<List<String>> accountedFor)
      throws SQLException {
    TableSchema described =
        CatalogReader.describe(
                source.connection(), source.engine(), source.schema(), source.table())
            .orElseThrow(
                () ->
                    new SQLException(
                        "table " + source.schema() + "." + source.table() + " does not exist"));
    List<String> key = keyColumns.isEmpty() ? described.keyColumns() : keyColumns;
    if (key.isEmpty()) {
      throw new SQLException(
          "table " + source.schema() + "." + source.table() + " has no primary key to compare by");
    }
    List<ColumnSchema> columnSchemas = described.columns();
    List<String> columns = columnSchemas.stream().map(ColumnSchema::name).toList();
    boolean exact = source.engine() == target.engine();
    Map<List<String>, List<String>> sourceRows = read(source, columnSchemas, key, exact);
    Map<List<String>, List<String>> targetRows = read(target, columnSchemas, key, exact);
    String schema = source.schema();
    String table = source.table();
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
      Side side, List<ColumnSchema> columns, List<String> key, boolean exact) throws SQLException {
    DatabaseEngine engine = Engines.of(side.engine());
    TargetDialect dialect = engine.dialect();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      String column = dialect.quoteIdentifier(columns.get(i).name());
      sql.append(i == 0 ? "" : ", ").append(exact ? engine.textExpression(column) : column);
    }
    sql.append(" FROM ")
        .append(dialect.quoteIdentifier(side.schema()))
        .append('.')
        .append(dialect.quoteIdentifier(side.table()));
    Connection connection = side.connection();
    Map<List<String>, List<String>> rows = new HashMap<>();
    Set<String> keySet = Set.copyOf(key);
    try (Statement statement = connection.createStatement()) {
      statement.setFetchSize(engine.tableReadFetchSize());
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (ResultSet rs = statement.executeQuery(sql.toString())) {
        while (rs.next()) {
          List<String> values = new ArrayList<>(columns.size());
          List<String> keyValues = new ArrayList<>(key.size());
          for (int i = 0; i < columns.size(); i++) {
            String value =
                exact
                    ? rs.getString(i + 1)
                    : normalised(columns.get(i), engine.readComparable(rs, i + 1));
            values.add(value);
            if (keySet.contains(columns.get(i).name())) {
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

  private static String normalised(ColumnSchema column, Object value) {
    Object canonical = ValueNormaliser.normalise(column, value);
    return canonical == null ? null : canonical.toString();
  }
}
