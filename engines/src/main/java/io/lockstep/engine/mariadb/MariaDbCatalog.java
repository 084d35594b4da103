package io.lockstep.engine.mariadb;

import io.lockstep.engine.CatalogDialect;
import io.lockstep.engine.CatalogType;
import io.lockstep.event.ColumnType;
import java.sql.Connection;
import java.util.Locale;
import java.util.Optional;

/**
 * MariaDB's and MySQL's catalog (information_schema). A schema is a database: a table's id has it
 * as both database and schema, as change events do.
 */
final class MariaDbCatalog implements CatalogDialect {

  @Override
  public String columnsSql() {
    return "SELECT column_name, column_type, is_nullable, character_maximum_length,"
        + " numeric_precision, numeric_scale, datetime_precision, data_type"
        + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
        + " ORDER BY ordinal_position";
  }

  @Override
  public String defaultsSql() {
    return "SELECT column_name, column_default, LOWER(extra) LIKE '%auto_increment%'"
        + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?";
  }

  @Override
  public String schemasSql() {
    return "SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT IN"
        + " ('mysql', 'information_schema', 'performance_schema', 'sys')"
        + " ORDER BY schema_name";
  }

  @Override
  public String tablesSql() {
    return "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
        + " AND table_type = 'BASE TABLE' ORDER BY table_name";
  }

  /**
   * A partition is not a table here: a partitioned table is one table in the catalog and binlog.
   */
  @Override
  public Optional<String> partitionsSql() {
    return Optional.empty();
  }

  @Override
  public String primaryKeySql() {
    return "SELECT column_name FROM information_schema.statistics WHERE table_schema = ?"
        + " AND table_name = ? AND index_name = 'PRIMARY' ORDER BY seq_in_index";
  }

  @Override
  public String nativeName(String catalogType) {
    return catalogType
        .toUpperCase(Locale.ROOT)
        .replaceAll("\\(.*?\\)", "")
        .replace(" ZEROFILL", "")
        .trim();
  }

  @Override
  public CatalogType logical(String catalogType, Integer length) {
    return logical(catalogType.toLowerCase(Locale.ROOT));
  }

  @Override
  public boolean lengthIsPrecision(String catalogType) {
    return catalogType.toLowerCase(Locale.ROOT).startsWith("bit");
  }

  @Override
  public boolean schemaIsDatabase() {
    return true;
  }

  @Override
  public String database(Connection connection, String schema) {
    return schema;
  }

  /** {@code columnType} is MariaDB's full column type, lower case: {@code bigint(20) unsigned}. */
  private static CatalogType logical(String columnType) {
    boolean unsigned = columnType.contains("unsigned");
    String base = columnType.replaceAll("[( ].*", "");
    return CatalogType.of(
        switch (base) {
          case "tinyint" -> ColumnType.INT16;
          case "smallint" -> unsigned ? ColumnType.INT32 : ColumnType.INT16;
          case "mediumint" -> ColumnType.INT32;
          case "int", "integer" -> unsigned ? ColumnType.INT64 : ColumnType.INT32;
          case "bigint" -> unsigned ? ColumnType.DECIMAL : ColumnType.INT64;
          case "decimal", "numeric" -> ColumnType.DECIMAL;
          case "float" -> ColumnType.FLOAT32;
          case "double", "real" -> ColumnType.FLOAT64;
          case "bit" -> columnType.equals("bit(1)") ? ColumnType.BOOLEAN : ColumnType.BYTES;
          case "char",
              "varchar",
              "tinytext",
              "text",
              "mediumtext",
              "longtext",
              "enum",
              "set",
              "json" ->
              ColumnType.STRING;
          case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" ->
              ColumnType.BYTES;
          case "year" -> ColumnType.INT32;
          case "date" -> ColumnType.DATE;
          case "time" -> ColumnType.TIME;
          case "datetime" -> ColumnType.TIMESTAMP;
          case "timestamp" -> ColumnType.TIMESTAMPTZ;
          case "uuid" -> ColumnType.UUID;
          default -> ColumnType.OTHER;
        });
  }
}
