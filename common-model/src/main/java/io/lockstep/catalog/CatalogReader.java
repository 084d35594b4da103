package io.lockstep.catalog;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import io.lockstep.types.ColumnDefaults;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a table's columns and key from a database's catalog, typed the way the capture types the
 * same table's change events ({@link NativeTypes}). Used where Lockstep needs a table's shape
 * without an event: {@code lockstep schema}, row comparison, preflight.
 */
public final class CatalogReader {

  private CatalogReader() {}

  /**
   * The table, or empty when it does not exist. On MariaDB/MySQL, {@code schema} is the database;
   * the returned id has it as both database and schema, as change events do.
   */
  public static Optional<TableSchema> describe(
      Connection connection, Engine engine, String schema, String table) throws SQLException {
    List<ColumnSchema> columns = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(columnsSql(engine))) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(column(engine, rs));
        }
      }
    }
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    List<String> key = primaryKey(connection, engine, schema, table);
    String database = engine == Engine.MARIADB ? schema : connection.getCatalog();
    return Optional.of(new TableSchema(new TableId(database, schema, table), columns, key));
  }

  /**
   * The defaults of a table's columns as its catalog spells them, by column name; identity, serial
   * and AUTO_INCREMENT columns are marked generated.
   */
  public static Map<String, ColumnDefaults.SourceDefault> defaults(
      Connection connection, Engine engine, String schema, String table) throws SQLException {
    String sql =
        switch (engine) {
          case POSTGRES ->
              "SELECT column_name, column_default, is_identity = 'YES'"
                  + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?";
          case MARIADB ->
              "SELECT column_name, column_default, LOWER(extra) LIKE '%auto_increment%'"
                  + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?";
        };
    Map<String, ColumnDefaults.SourceDefault> defaults = new LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          defaults.put(
              rs.getString(1), new ColumnDefaults.SourceDefault(rs.getString(2), rs.getBoolean(3)));
        }
      }
    }
    return defaults;
  }

  /** Tables (not views) of a schema, by name. */
  public static List<String> tables(Connection connection, String schema) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
    }
    return tables;
  }

  /** Schemas (databases on MariaDB/MySQL) that hold user tables. */
  public static List<String> schemas(Connection connection, Engine engine) throws SQLException {
    String sql =
        switch (engine) {
          case POSTGRES ->
              "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                  + " AND nspname <> 'information_schema' ORDER BY nspname";
          case MARIADB ->
              "SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT IN"
                  + " ('mysql', 'information_schema', 'performance_schema', 'sys')"
                  + " ORDER BY schema_name";
        };
    List<String> schemas = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        schemas.add(rs.getString(1));
      }
    }
    return schemas;
  }

  private static String columnsSql(Engine engine) {
    return switch (engine) {
      case POSTGRES ->
          "SELECT c.column_name, c.udt_name, c.is_nullable, c.character_maximum_length,"
              + " c.numeric_precision, c.numeric_scale, c.datetime_precision, c.data_type"
              + " FROM information_schema.columns c WHERE c.table_schema = ? AND c.table_name = ?"
              + " ORDER BY c.ordinal_position";
      case MARIADB ->
          "SELECT column_name, column_type, is_nullable, character_maximum_length,"
              + " numeric_precision, numeric_scale, datetime_precision, data_type"
              + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
              + " ORDER BY ordinal_position";
    };
  }

  private static ColumnSchema column(Engine engine, ResultSet rs) throws SQLException {
    String name = rs.getString(1);
    String nativeType = rs.getString(2);
    boolean optional = "YES".equalsIgnoreCase(rs.getString(3));
    Integer length = integer(rs, 4);
    Integer precision = integer(rs, 5);
    Integer scale = integer(rs, 6);
    Integer fraction = integer(rs, 7);
    NativeTypes.Logical logical = NativeTypes.logical(engine, nativeType, length);
    boolean bits = engine == Engine.MARIADB && nativeType.toLowerCase().startsWith("bit");
    Integer declaredLength =
        logical.type() == ColumnType.DECIMAL || bits
            ? precision
            : isTemporal(logical.type()) ? fraction : length;
    return new ColumnSchema(
        name,
        logical.type(),
        logical.elementType(),
        NativeTypes.nativeName(engine, nativeType),
        optional,
        declaredLength,
        logical.type() == ColumnType.DECIMAL ? scale : null);
  }

  private static boolean isTemporal(ColumnType type) {
    return type == ColumnType.TIME
        || type == ColumnType.TIMESTAMP
        || type == ColumnType.TIMESTAMPTZ;
  }

  private static Integer integer(ResultSet rs, int index) throws SQLException {
    long value = rs.getLong(index);
    return rs.wasNull() || value > Integer.MAX_VALUE ? null : (int) value;
  }

  private static List<String> primaryKey(
      Connection connection, Engine engine, String schema, String table) throws SQLException {
    String sql =
        switch (engine) {
          case POSTGRES ->
              "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
                  + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) ON true"
                  + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
                  + " WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary ORDER BY k.ord";
          case MARIADB ->
              "SELECT column_name FROM information_schema.statistics WHERE table_schema = ?"
                  + " AND table_name = ? AND index_name = 'PRIMARY' ORDER BY seq_in_index";
        };
    List<String> key = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          key.add(rs.getString(1));
        }
      }
    }
    return key;
  }
}
