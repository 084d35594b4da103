package io.lockstep.catalog;

import io.lockstep.engine.TargetColumn;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableSchema;
import io.lockstep.types.Engine;
import io.lockstep.types.ValueNormaliser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Reads rows of one source table by key, each as the image a change event of it carries: the
 * classes and values {@link ColumnType} prescribes, equal to what the capture writes for the same
 * row (the type-matrix integration tests check this for every type of both engines). Used where
 * Lockstep re-reads the source instead of waiting for the change stream: force-sync and
 * verification.
 *
 * <p>Keys are read in batches, one statement per {@link #batchSize} keys. The table's schema should
 * come from {@link CatalogReader#describe} (narrowed by {@code TableSelection.replicated} for a
 * pipeline), which types columns as events do.
 */
public final class SourceRows {

  /** Keys per statement: well under both engines' limits on parameters and statement size. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  private final Engine engine;
  private final TableSchema table;
  private final int batchSize;
  private final TargetDialect sql;

  public SourceRows(Engine engine, TableSchema table) {
    this(engine, table, DEFAULT_BATCH_SIZE);
  }

  public SourceRows(Engine engine, TableSchema table, int batchSize) {
    if (table.keyColumns().isEmpty()) {
      throw new IllegalArgumentException(
          "table " + table.id() + " has no key columns to read its rows by");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, is " + batchSize);
    }
    this.engine = engine;
    this.table = table;
    this.batchSize = batchSize;
    // The dialect of the source's engine quotes names and binds key values as it does on a target.
    this.sql = Engines.dialect(engine);
  }

  public TableSchema table() {
    return table;
  }

  /**
   * The rows with {@code keys} (values of the key columns, typed as in events), in the order of
   * {@code keys}: empty where the source has no such row.
   *
   * @throws SQLException when the source refuses a query, or the table is gone
   */
  public List<Optional<RowImage>> read(Connection connection, List<Map<String, Object>> keys)
      throws SQLException {
    List<Optional<RowImage>> result = new ArrayList<>(keys.size());
    if (keys.isEmpty()) {
      return result;
    }
    TargetTable described =
        sql.describeTable(connection, table.id().schema(), table.id().table())
            .orElseThrow(
                () ->
                    new SQLException(
                        "source table "
                            + table.id().schemaQualifiedName()
                            + " does not exist (any more): its rows cannot be read"));
    List<TargetColumn> keyColumns = new ArrayList<>();
    for (String key : table.keyColumns()) {
      keyColumns.add(
          described
              .column(key)
              .orElseThrow(
                  () ->
                      new SQLException(
                          "source table "
                              + table.id().schemaQualifiedName()
                              + " has no column '"
                              + key
                              + "' any more")));
    }
    for (int from = 0; from < keys.size(); from += batchSize) {
      List<Map<String, Object>> batch = keys.subList(from, Math.min(keys.size(), from + batchSize));
      Map<List<Object>, RowImage> found = readBatch(connection, keyColumns, batch);
      for (Map<String, Object> key : batch) {
        result.add(Optional.ofNullable(found.get(normalisedKey(key))));
      }
    }
    return result;
  }

  private Map<List<Object>, RowImage> readBatch(
      Connection connection, List<TargetColumn> keyColumns, List<Map<String, Object>> keys)
      throws SQLException {
    Map<List<Object>, RowImage> rows = new HashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(selectSql(keyColumns, keys.size()))) {
      int index = 1;
      for (Map<String, Object> key : keys) {
        for (TargetColumn keyColumn : keyColumns) {
          ColumnSchema column = table.column(keyColumn.name()).orElseThrow();
          if (!key.containsKey(column.name())) {
            throw new IllegalArgumentException(
                "key " + key + " of table " + table.id() + " lacks column '" + column.name() + "'");
          }
          sql.bindValue(statement, index++, keyColumn, column, key.get(column.name()));
        }
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          RowImage image = image(rs);
          rows.put(normalisedKey(image.values()), image);
        }
      }
    }
    return rows;
  }

  /** {@code SELECT <every column, as events type it> FROM t WHERE (k1, k2) IN ((?, ?), ...)}. */
  String selectSql(List<TargetColumn> keyColumns, int rows) {
    StringJoiner select = new StringJoiner(", ");
    for (ColumnSchema column : table.columns()) {
      select.add(
          Engines.of(engine)
              .sourceRows()
              .selectExpression(column, sql.quoteIdentifier(column.name())));
    }
    StringJoiner names = new StringJoiner(", ", "(", ")");
    StringJoiner row = new StringJoiner(", ", "(", ")");
    for (TargetColumn key : keyColumns) {
      names.add(sql.quoteIdentifier(key.name()));
      row.add(sql.keyPlaceholder(key));
    }
    StringJoiner in = new StringJoiner(", ", "(", ")");
    String rowText = row.toString();
    for (int i = 0; i < rows; i++) {
      in.add(rowText);
    }
    return "SELECT "
        + select
        + " FROM "
        + sql.quoteIdentifier(table.id().schema())
        + "."
        + sql.quoteIdentifier(table.id().table())
        + " WHERE "
        + names
        + " IN "
        + in;
  }

  private RowImage image(ResultSet rs) throws SQLException {
    Map<String, Object> values = new LinkedHashMap<>();
    List<ColumnSchema> columns = table.columns();
    boolean retyped = false;
    for (int i = 0; i < columns.size(); i++) {
      ColumnSchema column = columns.get(i);
      Object value;
      try {
        value = Engines.of(engine).sourceRows().read(rs, i + 1, column);
      } catch (RuntimeException e) {
        throw new SQLException(
            "cannot read column '"
                + column.name()
                + "' ("
                + column.nativeType()
                + ") of source table "
                + table.id()
                + " as "
                + column.type()
                + ": "
                + e.getMessage(),
            "22000",
            e);
      }
      retyped |= column.type() == ColumnType.TIME && value instanceof String;
      values.put(column.name(), value);
    }
    return new RowImage(retyped ? withTimesAsText(values) : table, values);
  }

  /** The schema with TIME columns whose value is text (outside a day) typed OTHER, as events. */
  private TableSchema withTimesAsText(Map<String, Object> values) {
    List<ColumnSchema> columns = new ArrayList<>(table.columns().size());
    for (ColumnSchema c : table.columns()) {
      columns.add(
          c.type() == ColumnType.TIME && values.get(c.name()) instanceof String
              ? new ColumnSchema(
                  c.name(),
                  ColumnType.OTHER,
                  null,
                  c.nativeType(),
                  c.optional(),
                  c.length(),
                  c.scale())
              : c);
    }
    return new TableSchema(table.id(), columns, table.keyColumns());
  }

  /** Key values in comparison form, so a row read back matches the key asked for. */
  private List<Object> normalisedKey(Map<String, Object> row) {
    List<Object> key = new ArrayList<>(table.keyColumns().size());
    for (String name : table.keyColumns()) {
      key.add(ValueNormaliser.normalise(table.column(name).orElseThrow(), row.get(name)));
    }
    return key;
  }
}
