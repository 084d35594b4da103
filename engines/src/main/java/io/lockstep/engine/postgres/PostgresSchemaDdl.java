package io.lockstep.engine.postgres;

import io.lockstep.engine.SchemaDdl;
import io.lockstep.engine.TableObjects;
import io.lockstep.event.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * PostgreSQL's indexes, constraints, generated columns and comments: read from pg_catalog (the
 * expressions as {@code pg_get_expr} prints them), created as pg_dump creates them. Foreign keys
 * can be created {@code NOT VALID} and validated later.
 */
final class PostgresSchemaDdl implements SchemaDdl {

  /** Every key part of every index but the primary key's and exclusion constraints'. */
  private static final String INDEXES =
      """
      SELECT ic.relname, i.indisunique, coalesce(con.contype = 'u', false), am.amname,
             pg_get_expr(i.indpred, i.indrelid, true), a.attname,
             pg_get_indexdef(i.indexrelid, k, true)
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam
        LEFT JOIN pg_constraint con
          ON con.conindid = i.indexrelid AND con.conrelid = c.oid AND con.contype IN ('u', 'x')
        CROSS JOIN LATERAL generate_series(1, i.indnkeyatts) AS k
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[k - 1]
       WHERE n.nspname = ? AND c.relname = ? AND NOT i.indisprimary
         AND coalesce(con.contype, 'u') = 'u'
       ORDER BY ic.relname, k""";

  private static final String CHECKS =
      """
      SELECT con.conname, pg_get_expr(con.conbin, con.conrelid, true)
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ? AND c.relname = ? AND con.contype = 'c'
       ORDER BY con.conname""";

  private static final String FOREIGN_KEYS =
      """
      SELECT con.conname, a.attname, rn.nspname, rc.relname, ra.attname,
             con.confdeltype, con.confupdtype
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class rc ON rc.oid = con.confrelid
        JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refnum, ord)
          ON true
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        JOIN pg_attribute ra ON ra.attrelid = rc.oid AND ra.attnum = k.refnum
       WHERE n.nspname = ? AND c.relname = ? AND con.contype = 'f'
       ORDER BY con.conname, k.ord""";

  /** attgenerated exists from PostgreSQL 12: read through to_jsonb so that 11 answers too. */
  private static final String GENERATED =
      """
      SELECT a.attname, pg_get_expr(d.adbin, d.adrelid, true)
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = ? AND c.relname = ? AND to_jsonb(a) ->> 'attgenerated' = 's'""";

  private static final String COMMENTS =
      """
      SELECT NULL, obj_description(c.oid, 'pg_class')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ? AND c.relname = ?
      UNION ALL
      SELECT a.attname, col_description(c.oid, a.attnum)
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
         AND col_description(c.oid, a.attnum) IS NOT NULL""";

  private final PostgresDialect dialect = new PostgresDialect();

  @Override
  public TableObjects read(Connection connection, String schema, String table) throws SQLException {
    Map<String, String> columnComments = new HashMap<>();
    String comment = null;
    for (String[] row : rows(connection, COMMENTS, 2, schema, table, schema, table)) {
      if (row[0] == null) {
        comment = row[1];
      } else {
        columnComments.put(row[0], row[1]);
      }
    }
    Map<String, TableObjects.Generated> generated = new HashMap<>();
    for (String[] row : rows(connection, GENERATED, 2, schema, table)) {
      generated.put(row[0], new TableObjects.Generated(row[1], true));
    }
    List<TableObjects.Check> checks = new ArrayList<>();
    for (String[] row : rows(connection, CHECKS, 2, schema, table)) {
      checks.add(new TableObjects.Check(row[0], row[1]));
    }
    return new TableObjects(
        indexes(connection, schema, table),
        checks,
        foreignKeys(connection, schema, table),
        generated,
        comment,
        columnComments);
  }

  private static List<TableObjects.Index> indexes(
      Connection connection, String schema, String table) throws SQLException {
    Map<String, List<String[]>> parts = new LinkedHashMap<>();
    for (String[] row : rows(connection, INDEXES, 7, schema, table)) {
      parts.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row);
    }
    List<TableObjects.Index> indexes = new ArrayList<>();
    for (List<String[]> index : parts.values()) {
      String[] first = index.get(0);
      List<TableObjects.IndexPart> keyParts = new ArrayList<>();
      for (String[] part : index) {
        // pg_get_indexdef prints a column by its (quoted) name, an expression as written.
        keyParts.add(
            part[5] != null
                ? TableObjects.IndexPart.of(part[5])
                : new TableObjects.IndexPart(null, part[6], null));
      }
      indexes.add(
          new TableObjects.Index(
              first[0], keyParts, "t".equals(first[1]), "t".equals(first[2]), first[3], first[4]));
    }
    return indexes;
  }

  private static List<TableObjects.ForeignKey> foreignKeys(
      Connection connection, String schema, String table) throws SQLException {
    Map<String, List<String[]>> keys = new LinkedHashMap<>();
    for (String[] row : rows(connection, FOREIGN_KEYS, 7, schema, table)) {
      keys.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row);
    }
    List<TableObjects.ForeignKey> foreignKeys = new ArrayList<>();
    for (List<String[]> key : keys.values()) {
      String[] first = key.get(0);
      foreignKeys.add(
          new TableObjects.ForeignKey(
              first[0],
              key.stream().map(r -> r[1]).toList(),
              first[2],
              first[3],
              key.stream().map(r -> r[4]).toList(),
              action(first[5]),
              action(first[6])));
    }
    return foreignKeys;
  }

  /** pg_constraint's one-letter referential actions. */
  private static String action(String code) {
    return switch (code) {
      case "r" -> "RESTRICT";
      case "c" -> "CASCADE";
      case "n" -> "SET NULL";
      case "d" -> "SET DEFAULT";
      default -> "NO ACTION";
    };
  }

  /** Booleans come back as {@code t}/{@code f}, as PostgreSQL prints them. */
  private static List<String[]> rows(Connection connection, String sql, int width, String... args)
      throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String[] row = new String[width];
          for (int i = 0; i < width; i++) {
            Object value = rs.getObject(i + 1);
            row[i] = value instanceof Boolean b ? (b ? "t" : "f") : rs.getString(i + 1);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  @Override
  public boolean partialIndexes() {
    return true;
  }

  @Override
  public Optional<String> indexMethod(String sourceMethod) {
    String method = sourceMethod.toLowerCase(Locale.ROOT);
    return switch (method) {
      case "btree", "hash", "gin", "gist", "spgist", "brin" -> Optional.of(method);
      default -> Optional.empty();
    };
  }

  private String qualified(String schema, String table) {
    return dialect.quoteIdentifier(schema) + "." + dialect.quoteIdentifier(table);
  }

  /**
   * A unique constraint is created as a unique index, which {@code IF NOT EXISTS} keeps when it
   * exists: it refuses duplicates and is an arbiter for {@code ON CONFLICT} all the same, and
   * {@code ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX} can make it a constraint later.
   */
  @Override
  public String createIndexSql(
      String schema, String table, TableSchema columns, TableObjects.Index index) {
    StringJoiner parts = new StringJoiner(", ", "(", ")");
    for (TableObjects.IndexPart part : index.parts()) {
      parts.add(part.column() != null ? dialect.quoteIdentifier(part.column()) : part.expression());
    }
    return "CREATE "
        + (index.unique() ? "UNIQUE " : "")
        + "INDEX IF NOT EXISTS "
        + dialect.quoteIdentifier(index.name())
        + " ON "
        + qualified(schema, table)
        + " USING "
        + index.method()
        + " "
        + parts
        + (index.predicate() == null ? "" : " WHERE " + index.predicate());
  }

  /** PostgreSQL (before 18) has stored generated columns only. */
  @Override
  public String generatedClause(String expression, boolean stored) {
    return "GENERATED ALWAYS AS (" + expression + ") STORED";
  }

  @Override
  public String checkElement(String name, String expression) {
    return "CONSTRAINT " + dialect.quoteIdentifier(name) + " CHECK (" + expression + ")";
  }

  @Override
  public String addForeignKeySql(
      String schema, String table, TableObjects.ForeignKey foreignKey, boolean unchecked) {
    StringJoiner columns = new StringJoiner(", ", "(", ")");
    foreignKey.columns().forEach(c -> columns.add(dialect.quoteIdentifier(c)));
    StringJoiner referenced = new StringJoiner(", ", "(", ")");
    foreignKey.refColumns().forEach(c -> referenced.add(dialect.quoteIdentifier(c)));
    return "ALTER TABLE "
        + qualified(schema, table)
        + " ADD CONSTRAINT "
        + dialect.quoteIdentifier(foreignKey.name())
        + " FOREIGN KEY "
        + columns
        + " REFERENCES "
        + qualified(foreignKey.refSchema(), foreignKey.refTable())
        + " "
        + referenced
        + " ON DELETE "
        + foreignKey.onDelete()
        + " ON UPDATE "
        + foreignKey.onUpdate()
        + (unchecked ? " NOT VALID" : "");
  }

  @Override
  public Optional<String> validateForeignKeySql(String schema, String table, String name) {
    return Optional.of(
        "ALTER TABLE "
            + qualified(schema, table)
            + " VALIDATE CONSTRAINT "
            + dialect.quoteIdentifier(name));
  }

  @Override
  public Optional<String> uncheckedForeignKeysSessionSql() {
    return Optional.empty();
  }

  @Override
  public Optional<String> columnCommentClause(String comment) {
    return Optional.empty();
  }

  @Override
  public List<String> commentSql(
      String schema, String table, String tableComment, Map<String, String> columnComments) {
    List<String> statements = new ArrayList<>();
    if (tableComment != null) {
      statements.add(
          "COMMENT ON TABLE " + qualified(schema, table) + " IS " + literal(tableComment));
    }
    columnComments.forEach(
        (column, comment) ->
            statements.add(
                "COMMENT ON COLUMN "
                    + qualified(schema, table)
                    + "."
                    + dialect.quoteIdentifier(column)
                    + " IS "
                    + literal(comment)));
    return statements;
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
