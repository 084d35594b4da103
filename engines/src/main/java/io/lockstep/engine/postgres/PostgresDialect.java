package io.lockstep.engine.postgres;

import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetColumn;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * PostgreSQL as a target. Values are bound as text and cast to the target column's type ({@code
 * CAST(? AS pg_catalog.numeric)}), so that PostgreSQL's own input functions parse them: exact for
 * every type, and tolerant of a target column whose type was widened.
 *
 * <p>The cast names the type by its catalog name without a length ({@code pg_catalog.bpchar}, not
 * {@code character}): SQL's {@code character} and {@code bit} mean length 1, and casting to them
 * would silently cut values; the column's own length is then checked on assignment, which fails
 * loudly instead.
 *
 * <p>Longer than our usual 400 lines: it holds every statement the apply job writes to a PostgreSQL
 * target (the guarded upsert and delete, their column-array forms, the apply's state tables, table
 * creation), so that one engine's target SQL reads in one place; value text is in {@link
 * PostgresText}, types in {@link PostgresTargetTypes}.
 */
public final class PostgresDialect implements TargetDialect {

  /** The protocol's limit on bind parameters per statement. */
  private static final int MAX_PARAMETERS = 32_767;

  private static final String DESCRIBE_COLUMNS =
      """
      SELECT a.attname, format('%I.%I', tn.nspname, t.typname), NOT a.attnotnull,
             t.typcategory = 'A',
             -- attgenerated exists from PostgreSQL 12; read through to_jsonb so 11 answers too
             coalesce(to_jsonb(a) ->> 'attgenerated', '') <> ''
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        JOIN pg_namespace tn ON tn.oid = t.typnamespace
       WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')
         AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum""";

  private static final String DESCRIBE_PRIMARY_KEY =
      """
      SELECT a.attname
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary
       ORDER BY k.ord""";

  /**
   * Unique indexes (constraints or not) that {@code ON CONFLICT (cols)} can use as arbiter: on
   * plain columns (no expression), not partial, not deferrable, valid.
   */
  private static final String DESCRIBE_UNIQUE_KEYS =
      """
      SELECT i.indexrelid, a.attname
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE n.nspname = ? AND c.relname = ? AND i.indisunique AND NOT i.indisprimary
         AND i.indpred IS NULL AND i.indexprs IS NULL AND i.indimmediate AND i.indisvalid
       ORDER BY i.indexrelid, k.ord""";

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public String quoteIdentifier(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private String table(TargetTable table) {
    return quoteIdentifier(table.schema()) + "." + quoteIdentifier(table.name());
  }

  @Override
  public Optional<TargetTable> describeTable(Connection connection, String schema, String table)
      throws SQLException {
    List<TargetColumn> columns = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(DESCRIBE_COLUMNS)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(
              new TargetColumn(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getBoolean(3),
                  rs.getBoolean(4),
                  rs.getBoolean(5)));
        }
      }
    }
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    List<String> primaryKey = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(DESCRIBE_PRIMARY_KEY)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          primaryKey.add(rs.getString(1));
        }
      }
    }
    return Optional.of(
        new TargetTable(schema, table, columns, primaryKey, uniqueKeys(connection, schema, table)));
  }

  private static List<List<String>> uniqueKeys(Connection connection, String schema, String table)
      throws SQLException {
    java.util.Map<Long, List<String>> keys = new java.util.LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(DESCRIBE_UNIQUE_KEYS)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
    }
    return List.copyOf(keys.values());
  }

  @Override
  public List<String> addMissingMetadataColumns(TargetTable table, MetadataColumns metadata) {
    if (!metadata.enabled()) {
      return List.of();
    }
    List<String> statements = new ArrayList<>();
    String[][] wanted = {
      {metadata.origin(), "char(1)"},
      {metadata.commitTime(), "timestamptz"},
      // "C" collation: positions compare byte by byte, whatever the database's locale.
      {metadata.position(), "varchar(64) COLLATE \"C\""}
    };
    for (String[] column : wanted) {
      if (table.column(column[0]).isEmpty()) {
        statements.add(
            "ALTER TABLE "
                + table(table)
                + " ADD COLUMN IF NOT EXISTS "
                + quoteIdentifier(column[0])
                + " "
                + column[1]);
      }
    }
    return statements;
  }

  @Override
  public String upsertSql(
      TargetTable table, List<TargetColumn> columns, MetadataColumns metadata, int rows) {
    StringJoiner names = new StringJoiner(", ", "(", ")");
    StringJoiner row = new StringJoiner(", ", "(", ")");
    for (TargetColumn column : columns) {
      names.add(quoteIdentifier(column.name()));
      row.add(cast(column.typeName()));
    }
    for (String meta : metadata.names()) {
      names.add(quoteIdentifier(meta));
    }
    if (metadata.enabled()) {
      row.add("?").add("CAST(? AS pg_catalog.timestamptz)").add("?");
    }
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table(table)).append(" AS t ");
    sql.append(names).append(" VALUES ");
    String rowText = row.toString();
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append(rowText);
    }
    return onConflict(sql, table, columns, metadata);
  }

  /** Appends the conflict clause: later positions overwrite, earlier ones are skipped. */
  private String onConflict(
      StringBuilder sql, TargetTable table, List<TargetColumn> columns, MetadataColumns metadata) {
    StringJoiner conflict = new StringJoiner(", ", "(", ")");
    table.primaryKey().forEach(k -> conflict.add(quoteIdentifier(k)));
    StringJoiner updates = new StringJoiner(", ");
    for (TargetColumn column : columns) {
      if (!table.primaryKey().contains(column.name())) {
        updates.add(
            quoteIdentifier(column.name()) + " = EXCLUDED." + quoteIdentifier(column.name()));
      }
    }
    for (String meta : metadata.names()) {
      updates.add(quoteIdentifier(meta) + " = EXCLUDED." + quoteIdentifier(meta));
    }
    sql.append(" ON CONFLICT ").append(conflict);
    if (updates.length() == 0) {
      return sql.append(" DO NOTHING").toString();
    }
    sql.append(" DO UPDATE SET ").append(updates);
    if (metadata.enabled()) {
      String position = quoteIdentifier(metadata.position());
      sql.append(" WHERE t.")
          .append(position)
          .append(" IS NULL OR t.")
          .append(position)
          .append(" <= EXCLUDED.")
          .append(position);
    }
    return sql.toString();
  }

  @Override
  public String deleteSql(TargetTable table, MetadataColumns metadata, int rows) {
    StringJoiner row = new StringJoiner(", ", "(", ")");
    for (String key : table.primaryKey()) {
      row.add(cast(table.column(key).orElseThrow().typeName()));
    }
    if (metadata.enabled()) {
      row.add("?");
    }
    StringJoiner values = new StringJoiner(", ", "(VALUES ", ")");
    String rowText = row.toString();
    for (int i = 0; i < rows; i++) {
      values.add(rowText);
    }
    return deleteUsing(table, metadata, values.toString());
  }

  /** {@code DELETE … USING <keys> AS d (<key columns>[, "$position"]) WHERE …}. */
  private String deleteUsing(TargetTable table, MetadataColumns metadata, String keys) {
    StringJoiner names = new StringJoiner(", ", "(", ")");
    StringJoiner match = new StringJoiner(" AND ");
    for (String key : table.primaryKey()) {
      names.add(quoteIdentifier(key));
      match.add("t." + quoteIdentifier(key) + " = d." + quoteIdentifier(key));
    }
    if (metadata.enabled()) {
      names.add("\"$position\"");
    }
    StringBuilder sql =
        new StringBuilder("DELETE FROM ")
            .append(table(table))
            .append(" AS t USING ")
            .append(keys)
            .append(" AS d ")
            .append(names)
            .append(" WHERE ")
            .append(match);
    return positionGuard(sql, metadata, "d.\"$position\"");
  }

  /** Deletes only rows whose position is not newer than the delete's. */
  private String positionGuard(StringBuilder sql, MetadataColumns metadata, String deletePosition) {
    if (metadata.enabled()) {
      String position = quoteIdentifier(metadata.position());
      sql.append(" AND (t.")
          .append(position)
          .append(" IS NULL OR t.")
          .append(position)
          .append(" <= ")
          .append(deletePosition)
          .append(")");
    }
    return sql.toString();
  }

  /**
   * Column-wise writes bind a text array per column and unnest them on the server. The statement
   * text depends only on the table and columns, so the driver prepares it once per connection and
   * the server skips parsing and planning thousands of VALUES rows on every batch. Columns that are
   * themselves arrays cannot ride in an array of arrays (unnest would flatten them): tables with
   * such columns keep the row-wise statements.
   */
  @Override
  public boolean supportsColumnArrays(TargetTable table, List<TargetColumn> columns) {
    for (TargetColumn column : columns) {
      if (isArray(column)) {
        return false;
      }
    }
    for (String key : table.primaryKey()) {
      if (table.column(key).map(PostgresDialect::isArray).orElse(true)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The catalog's word (type category 'A'), or, for columns described elsewhere, the naming rule:
   * PostgreSQL names an array type after its element type with a leading underscore. A false alarm
   * only costs the row-wise statements.
   */
  private static boolean isArray(TargetColumn column) {
    return column.array() || looksLikeArrayType(column.typeName());
  }

  private static boolean looksLikeArrayType(String typeName) {
    int dot = typeName.lastIndexOf('.');
    String name = typeName.substring(dot + 1);
    return name.startsWith("_") || name.startsWith("\"_");
  }

  @Override
  public String upsertArraysSql(
      TargetTable table, List<TargetColumn> columns, MetadataColumns metadata) {
    StringJoiner names = new StringJoiner(", ", "(", ")");
    StringJoiner arrays = new StringJoiner(", ", "unnest(", ")");
    for (TargetColumn column : columns) {
      names.add(quoteIdentifier(column.name()));
      arrays.add(arrayCast(column.typeName()));
    }
    for (String meta : metadata.names()) {
      names.add(quoteIdentifier(meta));
    }
    if (metadata.enabled()) {
      arrays
          .add(arrayCast("pg_catalog.text"))
          .add(arrayCast("pg_catalog.timestamptz"))
          .add(arrayCast("pg_catalog.text"));
    }
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table(table)).append(" AS t ");
    sql.append(names).append(" SELECT * FROM ").append(arrays);
    return onConflict(sql, table, columns, metadata);
  }

  @Override
  public String deleteArraysSql(TargetTable table, MetadataColumns metadata) {
    StringJoiner arrays = new StringJoiner(", ", "unnest(", ")");
    for (String key : table.primaryKey()) {
      arrays.add(arrayCast(table.column(key).orElseThrow().typeName()));
    }
    if (metadata.enabled()) {
      arrays.add(arrayCast("pg_catalog.text"));
    }
    return deleteUsing(table, metadata, arrays.toString());
  }

  @Override
  public String arrayElement(ColumnSchema source, Object value) {
    return value == null ? null : PostgresText.of(source, value);
  }

  @Override
  public void bindArray(PreparedStatement statement, int index, String[] elements)
      throws SQLException {
    statement.setArray(index, statement.getConnection().createArrayOf("text", elements));
  }

  private static String arrayCast(String typeName) {
    return "CAST(? AS " + typeName + "[])";
  }

  @Override
  public String keyPlaceholder(TargetColumn column) {
    return cast(column.typeName());
  }

  private static String cast(String typeName) {
    return "CAST(? AS " + typeName + ")";
  }

  @Override
  public void bindValue(
      PreparedStatement statement,
      int index,
      TargetColumn target,
      ColumnSchema source,
      Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else if (value instanceof byte[] bytes && target.typeName().equals("pg_catalog.bytea")) {
      statement.setBytes(index, bytes);
    } else {
      statement.setString(index, PostgresText.of(source, value));
    }
  }

  @Override
  public int bindMetadata(
      PreparedStatement statement, int index, String origin, Instant commitTime, String position)
      throws SQLException {
    statement.setString(index, origin);
    statement.setString(index + 1, io.lockstep.event.ValueCodec.formatInstant(commitTime));
    statement.setString(index + 2, position);
    return index + 3;
  }

  @Override
  public int maxRowsPerStatement(int parametersPerRow) {
    return Math.max(1, MAX_PARAMETERS / Math.max(1, parametersPerRow));
  }

  @Override
  public boolean isTransient(SQLException error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception; 40001: serialization failure; 40P01: deadlock;
        // 55P03: lock not available; 57P01-57P03: admin shutdown, crash shutdown, cannot connect.
        if (state.startsWith("08")
            || state.equals("40001")
            || state.equals("40P01")
            || state.equals("55P03")
            || state.startsWith("57P")) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public List<String> stateTablesDdl(String schema) {
    String s = quoteIdentifier(schema);
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + s
            + ".lockstep_epoch (pipeline varchar(128) PRIMARY KEY,"
            + " epoch bigint NOT NULL)",
        "CREATE TABLE IF NOT EXISTS "
            + s
            + ".lockstep_tables (pipeline varchar(128),"
            + " table_schema text, table_name text,"
            + " PRIMARY KEY (pipeline, table_schema, table_name))",
        "CREATE TABLE IF NOT EXISTS "
            + s
            + ".lockstep_pending_backfill (pipeline varchar(128),"
            + " table_schema text, table_name text, column_name text,"
            + " first_position varchar(64) COLLATE \"C\", last_position varchar(64) COLLATE \"C\","
            + " row_changes bigint NOT NULL, updated_at timestamptz NOT NULL,"
            + " PRIMARY KEY (pipeline, table_schema, table_name, column_name))",
        "CREATE TABLE IF NOT EXISTS "
            + s
            + ".lockstep_truncations (pipeline varchar(128),"
            + " table_schema text, table_name text,"
            + " position varchar(64) COLLATE \"C\" NOT NULL, truncated_at timestamptz NOT NULL,"
            + " PRIMARY KEY (pipeline, table_schema, table_name))");
  }

  @Override
  public String recordTruncationSql(String schema) {
    return "INSERT INTO "
        + quoteIdentifier(schema)
        + ".lockstep_truncations AS t (pipeline, table_schema, table_name, position,"
        + " truncated_at) VALUES (?, ?, ?, ?, now())"
        + " ON CONFLICT (pipeline, table_schema, table_name) DO UPDATE SET"
        + " position = GREATEST(t.position, EXCLUDED.position), truncated_at = now()";
  }

  @Override
  public String truncationsSql(String schema) {
    return "SELECT table_schema, table_name, position FROM "
        + quoteIdentifier(schema)
        + ".lockstep_truncations WHERE pipeline = ?";
  }

  @Override
  public String truncateSql(String tableSchema, String tableName, MetadataColumns metadata) {
    String table = quoteIdentifier(tableSchema) + "." + quoteIdentifier(tableName);
    if (!metadata.enabled()) {
      return "DELETE FROM " + table;
    }
    String position = quoteIdentifier(metadata.position());
    return "DELETE FROM "
        + table
        + " WHERE "
        + position
        + " IS NULL OR "
        + position
        + " COLLATE \"C\" < ?";
  }

  @Override
  public String recordPendingBackfillSql(String schema) {
    String table = quoteIdentifier(schema) + ".lockstep_pending_backfill";
    return "INSERT INTO "
        + table
        + " AS b (pipeline, table_schema, table_name, column_name,"
        + " first_position, last_position, row_changes, updated_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, now())"
        + " ON CONFLICT (pipeline, table_schema, table_name, column_name) DO UPDATE SET"
        + " first_position = LEAST(b.first_position, EXCLUDED.first_position),"
        + " last_position = GREATEST(b.last_position, EXCLUDED.last_position),"
        + " row_changes = b.row_changes + EXCLUDED.row_changes, updated_at = now()";
  }

  @Override
  public String lockEpochSql(String schema, boolean exclusive) {
    return "SELECT epoch FROM "
        + quoteIdentifier(schema)
        + ".lockstep_epoch WHERE pipeline = ?"
        + (exclusive ? " FOR UPDATE" : " FOR SHARE");
  }

  @Override
  public String insertEpochSql(String schema) {
    return "INSERT INTO "
        + quoteIdentifier(schema)
        + ".lockstep_epoch (pipeline, epoch)"
        + " VALUES (?, 0) ON CONFLICT (pipeline) DO NOTHING";
  }

  @Override
  public String updateEpochSql(String schema) {
    return "UPDATE " + quoteIdentifier(schema) + ".lockstep_epoch SET epoch = ? WHERE pipeline = ?";
  }

  @Override
  public String registerTableSql(String schema) {
    return "INSERT INTO "
        + quoteIdentifier(schema)
        + ".lockstep_tables"
        + " (pipeline, table_schema, table_name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
  }

  @Override
  public String registeredTablesSql(String schema) {
    return "SELECT table_schema, table_name FROM "
        + quoteIdentifier(schema)
        + ".lockstep_tables WHERE pipeline = ? ORDER BY 1, 2";
  }

  @Override
  public String sweepSql(String tableSchema, String tableName, MetadataColumns metadata) {
    return "DELETE FROM "
        + quoteIdentifier(tableSchema)
        + "."
        + quoteIdentifier(tableName)
        + " WHERE "
        + quoteIdentifier(metadata.position())
        + " < ?";
  }

  @Override
  public List<String> createTableSql(
      String schema,
      String table,
      TableSchema source,
      Map<String, String> columnClauses,
      List<String> tableElements) {
    StringJoiner columns = new StringJoiner(", ");
    for (ColumnSchema column : source.columns()) {
      String clause = columnClauses.getOrDefault(column.name(), "");
      columns.add(
          quoteIdentifier(column.name())
              + " "
              + PostgresTargetTypes.type(column)
              + (column.optional() && !source.keyColumns().contains(column.name())
                  ? ""
                  : " NOT NULL")
              + (clause.isEmpty() ? "" : " " + clause));
    }
    StringJoiner key = new StringJoiner(", ");
    source.keyColumns().forEach(k -> key.add(quoteIdentifier(k)));
    return List.of(
        "CREATE SCHEMA IF NOT EXISTS " + quoteIdentifier(schema),
        "CREATE TABLE IF NOT EXISTS "
            + quoteIdentifier(schema)
            + "."
            + quoteIdentifier(table)
            + " ("
            + columns
            + ", PRIMARY KEY ("
            + key
            + ")"
            + tableElements.stream().map(e -> ", " + e).collect(Collectors.joining())
            + ")");
  }
}
