package io.lockstep.catalog;

import io.lockstep.engine.CatalogDialect;
import io.lockstep.engine.CatalogType;
import io.lockstep.engine.ColumnDefaults;
import io.lockstep.engine.TablePartition;
import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
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
 * same table's change events ({@link CatalogDialect#logical}). Used where Lockstep needs a table's
 * shape without an event: {@code lockstep schema}, row comparison, preflight.
 */
public final class CatalogReader {

  private CatalogReader() {}

  /**
   * The table, or empty when it does not exist. On MariaDB/MySQL, {@code schema} is the database;
   * the returned id has it as both database and schema, as change events do.
   */
  public static Optional<TableSchema> describe(
      Connection connection, Engine engine, String schema, String table) throws SQLException {
    CatalogDialect catalog = Engines.of(engine).catalog();
    List<ColumnSchema> columns = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(catalog.columnsSql())) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(column(catalog, rs));
        }
      }
    }
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    List<String> key = primaryKey(connection, catalog, schema, table);
    String database = catalog.database(connection, schema);
    return Optional.of(new TableSchema(new TableId(database, schema, table), columns, key));
  }

  /**
   * The defaults of a table's columns as its catalog spells them, by column name; identity, serial
   * and AUTO_INCREMENT columns are marked generated.
   */
  public static Map<String, ColumnDefaults.SourceDefault> defaults(
      Connection connection, Engine engine, String schema, String table) throws SQLException {
    String sql = Engines.of(engine).catalog().defaultsSql();
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

  /**
   * Tables (not views) of a schema, by name, without the partitions of partitioned tables: those
   * are captured and written as their root ({@link CatalogDialect#tablesSql}).
   */
  public static List<String> tables(Connection connection, Engine engine, String schema)
      throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(Engines.of(engine).catalog().tablesSql())) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
    }
    return tables;
  }

  /**
   * Every partition the catalog lists as a table of its own, with its root; none on engines whose
   * partitions are not tables ({@link CatalogDialect#partitionsSql}).
   */
  public static List<TablePartition> partitions(Connection connection, Engine engine)
      throws SQLException {
    Optional<String> sql = Engines.of(engine).catalog().partitionsSql();
    if (sql.isEmpty()) {
      return List.of();
    }
    List<TablePartition> partitions = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql.get());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        partitions.add(
            new TablePartition(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
      }
    }
    return partitions;
  }

  /** Schemas (databases on MariaDB/MySQL) that hold user tables. */
  public static List<String> schemas(Connection connection, Engine engine) throws SQLException {
    String sql = Engines.of(engine).catalog().schemasSql();
    List<String> schemas = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        schemas.add(rs.getString(1));
      }
    }
    return schemas;
  }

  private static ColumnSchema column(CatalogDialect catalog, ResultSet rs) throws SQLException {
    String name = rs.getString(1);
    String nativeType = rs.getString(2);
    boolean optional = "YES".equalsIgnoreCase(rs.getString(3));
    Integer length = integer(rs, 4);
    Integer precision = integer(rs, 5);
    Integer scale = integer(rs, 6);
    Integer fraction = integer(rs, 7);
    CatalogType logical = catalog.logical(nativeType, length);
    boolean bits = catalog.lengthIsPrecision(nativeType);
    Integer declaredLength =
        logical.type() == ColumnType.DECIMAL || bits
            ? precision
            : isTemporal(logical.type()) ? fraction : length;
    return new ColumnSchema(
        name,
        logical.type(),
        logical.elementType(),
        catalog.nativeName(nativeType),
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
      Connection connection, CatalogDialect catalog, String schema, String table)
      throws SQLException {
    String sql = catalog.primaryKeySql();
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
