package io.lockstep.catalog;

import io.lockstep.event.ColumnType;
import io.lockstep.types.Engine;
import java.util.Locale;

/**
 * The logical type of a catalog column type: the same type the capture gives that column's values
 * in change events (Debezium's mapping with Lockstep's connector settings), so that a table read
 * from the catalog and its events agree.
 */
final class NativeTypes {

  /** A logical type, with the element type of arrays. */
  record Logical(ColumnType type, ColumnType elementType) {
    static Logical of(ColumnType type) {
      return new Logical(type, null);
    }
  }

  private NativeTypes() {}

  /**
   * The native type name as change events carry it: PostgreSQL's udt name ({@code int4}, {@code
   * _text}); MariaDB's column type upper case without display width ({@code BIGINT UNSIGNED},
   * {@code TINYINT}), as Debezium reports it.
   */
  static String nativeName(Engine engine, String catalogType) {
    return switch (engine) {
      case POSTGRES -> catalogType.toLowerCase(Locale.ROOT);
      case MARIADB ->
          catalogType
              .toUpperCase(Locale.ROOT)
              .replaceAll("\\(.*?\\)", "")
              .replace(" ZEROFILL", "")
              .trim();
    };
  }

  /**
   * {@code length} is the declared length the catalog gives ({@code character_maximum_length}): it
   * decides whether a PostgreSQL bit string is a boolean.
   */
  static Logical logical(Engine engine, String catalogType, Integer length) {
    return switch (engine) {
      case POSTGRES -> {
        String udt = catalogType.toLowerCase(Locale.ROOT);
        // Debezium carries bit(1) as a boolean and longer bit strings as bytes (Bits).
        if (udt.equals("bit") || udt.equals("varbit")) {
          yield Logical.of(length != null && length == 1 ? ColumnType.BOOLEAN : ColumnType.BYTES);
        }
        yield postgres(udt);
      }
      case MARIADB -> mariadb(catalogType.toLowerCase(Locale.ROOT));
    };
  }

  private static Logical postgres(String udt) {
    if (udt.startsWith("_")) {
      return new Logical(ColumnType.ARRAY, postgres(udt.substring(1)).type());
    }
    return Logical.of(
        switch (udt) {
          case "bool" -> ColumnType.BOOLEAN;
          case "int2" -> ColumnType.INT16;
          case "int4" -> ColumnType.INT32;
          case "int8" -> ColumnType.INT64;
          case "float4" -> ColumnType.FLOAT32;
          case "float8" -> ColumnType.FLOAT64;
          case "numeric", "money" -> ColumnType.DECIMAL;
          case "text", "varchar", "bpchar", "name", "citext", "inet", "cidr", "macaddr" ->
              ColumnType.STRING;
          case "bytea" -> ColumnType.BYTES;
          case "json", "jsonb" -> ColumnType.JSON;
          case "uuid" -> ColumnType.UUID;
          case "date" -> ColumnType.DATE;
          case "time" -> ColumnType.TIME;
          case "timestamp" -> ColumnType.TIMESTAMP;
          case "timestamptz" -> ColumnType.TIMESTAMPTZ;
          case "interval" -> ColumnType.INTERVAL;
          case "bit", "varbit" -> ColumnType.BYTES;
          default -> ColumnType.OTHER;
        });
  }

  /** {@code columnType} is MariaDB's full column type, lower case: {@code bigint(20) unsigned}. */
  private static Logical mariadb(String columnType) {
    boolean unsigned = columnType.contains("unsigned");
    String base = columnType.replaceAll("[( ].*", "");
    return Logical.of(
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
