package io.lockstep.engine.mariadb;

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
 * MariaDB/MySQL's indexes, constraints, generated columns and comments, read from
 * information_schema. MariaDB has no partial indexes, no {@code NOT VALID}: a foreign key added
 * with {@code foreign_key_checks = 0} is not checked against the rows there are, but enforced for
 * new ones at once. MySQL 8 is untested (MariaDB stands in for it here).
 */
final class MariaDbSchemaDdl implements SchemaDdl {

  private static final String INDEXES =
      """
      SELECT INDEX_NAME, NON_UNIQUE, INDEX_TYPE, COLUMN_NAME, SUB_PART
        FROM information_schema.STATISTICS
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY'
       ORDER BY INDEX_NAME, SEQ_IN_INDEX\
      """;

  private static final String CHECKS =
      """
      SELECT CONSTRAINT_NAME, CHECK_CLAUSE
        FROM information_schema.CHECK_CONSTRAINTS
       WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?
       ORDER BY CONSTRAINT_NAME\
      """;

  private static final String FOREIGN_KEYS =
      """
      SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME,
             k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE
        FROM information_schema.KEY_COLUMN_USAGE k
        JOIN information_schema.REFERENTIAL_CONSTRAINTS r
          ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
         AND r.TABLE_NAME = k.TABLE_NAME
       WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
       ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION\
      """;

  private static final String COLUMNS =
      """
      SELECT COLUMN_NAME, GENERATION_EXPRESSION, UPPER(EXTRA), COLUMN_COMMENT, DATA_TYPE
        FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?\
      """;

  private static final String TABLE_COMMENT =
      "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";

  @Override
  public TableObjects read(Connection connection, String schema, String table) throws SQLException {
    Map<String, TableObjects.Generated> generated = new HashMap<>();
    Map<String, String> columnComments = new HashMap<>();
    List<String> jsonColumns = new ArrayList<>();
    for (String[] row : rows(connection, COLUMNS, 5, schema, table)) {
      if (row[2] != null && row[2].contains("GENERATED") && row[1] != null) {
        generated.put(row[0], new TableObjects.Generated(row[1], row[2].contains("STORED")));
      }
      if (row[3] != null && !row[3].isEmpty()) {
        columnComments.put(row[0], row[3]);
      }
      if ("longtext".equalsIgnoreCase(row[4]) || "json".equalsIgnoreCase(row[4])) {
        jsonColumns.add(row[0]);
      }
    }
    List<TableObjects.Check> checks = new ArrayList<>();
    for (String[] row : rows(connection, CHECKS, 2, schema, table)) {
      // MariaDB's JSON is longtext with an implicit json_valid check: the type, not a constraint.
      if (!jsonColumns.contains(row[0])
          || !row[1].equalsIgnoreCase("json_valid(" + quote(row[0]) + ")")) {
        checks.add(new TableObjects.Check(row[0], row[1]));
      }
    }
    String comment = null;
    for (String[] row : rows(connection, TABLE_COMMENT, 1, schema, table)) {
      comment = row[0] == null || row[0].isEmpty() ? null : row[0];
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
    for (String[] row : rows(connection, INDEXES, 5, schema, table)) {
      parts.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row);
    }
    List<TableObjects.Index> indexes = new ArrayList<>();
    for (List<String[]> index : parts.values()) {
      String[] first = index.get(0);
      List<TableObjects.IndexPart> keyParts = new ArrayList<>();
      for (String[] part : index) {
        keyParts.add(
            new TableObjects.IndexPart(
                part[3], null, part[4] == null ? null : Integer.valueOf(part[4])));
      }
      boolean unique = "0".equals(first[1]);
      indexes.add(
          new TableObjects.Index(
              first[0], keyParts, unique, unique, first[2].toLowerCase(Locale.ROOT), null));
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
              first[5],
              first[6]));
    }
    return foreignKeys;
  }

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
            row[i] = rs.getString(i + 1);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static String quote(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }

  private static String qualified(String schema, String table) {
    return quote(schema) + "." + quote(table);
  }

  @Override
  public boolean partialIndexes() {
    return false;
  }

  @Override
  public Optional<String> indexMethod(String sourceMethod) {
    return switch (sourceMethod.toLowerCase(Locale.ROOT)) {
      case "btree" -> Optional.of("btree");
      case "fulltext", "spatial", "hash" -> Optional.of(sourceMethod.toLowerCase(Locale.ROOT));
      default -> Optional.empty();
    };
  }

  /**
   * InnoDB indexes a TEXT or BLOB column (what a PostgreSQL text or varchar becomes) only by a
   * prefix: a plain index gets one, as MariaDB's own key limit allows ({@link
   * MariaDbDialect#KEY_CHARACTERS} shared by such parts). A unique one keeps the whole column
   * (MariaDB 10.4+ enforces it by a hash), since a prefix would refuse rows that differ after it.
   */
  @Override
  public String createIndexSql(
      String schema, String table, TableSchema columns, TableObjects.Index index) {
    long lobs =
        index.parts().stream()
            .filter(p -> p.prefixLength() == null && isLob(columns, p.column()))
            .count();
    StringJoiner parts = new StringJoiner(", ", "(", ")");
    for (TableObjects.IndexPart part : index.parts()) {
      Integer prefix = part.prefixLength();
      if (prefix == null && !index.unique() && isLob(columns, part.column())) {
        prefix = (int) (MariaDbDialect.KEY_CHARACTERS / lobs);
      }
      parts.add(quote(part.column()) + (prefix == null ? "" : "(" + prefix + ")"));
    }
    String kind =
        switch (index.method()) {
          case "fulltext" -> "FULLTEXT ";
          case "spatial" -> "SPATIAL ";
          default -> index.unique() ? "UNIQUE " : "";
        };
    return "CREATE "
        + kind
        + "INDEX IF NOT EXISTS "
        + quote(index.name())
        + " ON "
        + qualified(schema, table)
        + " "
        + parts;
  }

  private static boolean isLob(TableSchema columns, String column) {
    return columns
        .column(column)
        .map(c -> MariaDbDialect.lobKind(MariaDbTargetTypes.type(c)) != null)
        .orElse(false);
  }

  @Override
  public String generatedClause(String expression, boolean stored) {
    return "AS (" + expression + ") " + (stored ? "STORED" : "VIRTUAL");
  }

  @Override
  public String checkElement(String name, String expression) {
    return "CONSTRAINT " + quote(name) + " CHECK (" + expression + ")";
  }

  @Override
  public String addForeignKeySql(
      String schema, String table, TableObjects.ForeignKey foreignKey, boolean unchecked) {
    StringJoiner columns = new StringJoiner(", ", "(", ")");
    foreignKey.columns().forEach(c -> columns.add(quote(c)));
    StringJoiner referenced = new StringJoiner(", ", "(", ")");
    foreignKey.refColumns().forEach(c -> referenced.add(quote(c)));
    return "ALTER TABLE "
        + qualified(schema, table)
        + " ADD CONSTRAINT "
        + quote(foreignKey.name())
        + " FOREIGN KEY "
        + columns
        + " REFERENCES "
        + qualified(foreignKey.refSchema(), foreignKey.refTable())
        + " "
        + referenced
        + " ON DELETE "
        + foreignKey.onDelete()
        + " ON UPDATE "
        + foreignKey.onUpdate();
  }

  @Override
  public Optional<String> validateForeignKeySql(String schema, String table, String name) {
    return Optional.empty();
  }

  @Override
  public Optional<String> uncheckedForeignKeysSessionSql() {
    return Optional.of("SET SESSION foreign_key_checks = 0");
  }

  @Override
  public Optional<String> columnCommentClause(String comment) {
    return Optional.of("COMMENT " + literal(comment));
  }

  @Override
  public List<String> commentSql(
      String schema, String table, String tableComment, Map<String, String> columnComments) {
    return tableComment == null
        ? List.of()
        : List.of(
            "ALTER TABLE " + qualified(schema, table) + " COMMENT = " + literal(tableComment));
  }

  /** Backslashes doubled: they escape in MariaDB's default sql_mode. */
  private static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
  }
}
