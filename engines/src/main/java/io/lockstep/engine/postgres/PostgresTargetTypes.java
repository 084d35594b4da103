package io.lockstep.engine.postgres;

import static io.lockstep.engine.TypeSizes.within;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.types.SourceType;
import java.util.Set;

/**
 * Column types on a PostgreSQL target (docs/type-mapping.md): MariaDB/MySQL sources mapped to the
 * type that holds every value, PostgreSQL sources kept as declared.
 */
final class PostgresTargetTypes {

  /**
   * Built-in PostgreSQL types kept by name on a PostgreSQL target. Any other name is an extension
   * or user-defined type (an enum, a domain, citext, hstore) that may not exist on the target; such
   * columns get the type of their logical type, text for most.
   */
  private static final Set<String> BUILT_IN_KEPT_BY_NAME =
      Set.of(
          "bytea",
          "json",
          "jsonb",
          "uuid",
          "date",
          "money",
          "name",
          "xml",
          "inet",
          "cidr",
          "macaddr",
          "macaddr8",
          "tsvector",
          "tsquery",
          "oid",
          "pg_lsn",
          "point",
          "line",
          "lseg",
          "box",
          "path",
          "polygon",
          "circle",
          "int4range",
          "int8range",
          "numrange",
          "tsrange",
          "tstzrange",
          "daterange");

  private PostgresTargetTypes() {}

  /** The PostgreSQL DDL type of {@code column}. */
  static String type(ColumnSchema column) {
    return type(column, SourceType.of(column.nativeType()));
  }

  static String type(ColumnSchema column, SourceType source) {
    if (!source.isKnown()) {
      return fromLogical(column);
    }
    return source.mariaDb() ? fromMariaDb(column, source) : fromPostgres(column, source);
  }

  // PostgreSQL -> PostgreSQL: as declared.

  private static String fromPostgres(ColumnSchema c, SourceType source) {
    if (source.array() || c.type() == ColumnType.ARRAY) {
      ColumnType element = c.elementType() == null ? ColumnType.OTHER : c.elementType();
      ColumnSchema elementColumn =
          new ColumnSchema(c.name(), element, null, source.base(), true, c.length(), c.scale());
      return fromPostgres(elementColumn, source.element()) + "[]";
    }
    Integer n = c.length();
    String base = source.base();
    if (BUILT_IN_KEPT_BY_NAME.contains(base)) {
      return base;
    }
    return switch (base) {
      case "bool", "boolean" -> "boolean";
      case "int2", "smallint" -> "smallint";
      case "int4", "integer" -> "integer";
      case "int8", "bigint" -> "bigint";
      case "float4", "real" -> "real";
      case "float8", "double precision" -> "double precision";
      case "numeric", "decimal" -> numeric(c, -1000);
      case "text" -> "text";
      case "varchar", "character varying" -> sized("varchar", n, 10_485_760);
      case "bpchar", "character" -> sized("char", n, 10_485_760, "bpchar");
      case "char" -> "\"char\"";
      case "time", "timetz", "timestamp", "timestamptz", "interval" -> withFraction(base, n);
      // bit without a known length would mean bit(1); bit varying holds any of them.
      case "bit" ->
          c.type() == ColumnType.BOOLEAN ? "bit(1)" : sized("bit", n, 83_886_080, "bit varying");
      case "varbit", "bit varying" -> sized("bit varying", n, 83_886_080);
      default -> fromLogical(c);
    };
  }

  // MariaDB/MySQL -> PostgreSQL.

  private static String fromMariaDb(ColumnSchema c, SourceType source) {
    boolean unsigned = source.unsigned();
    Integer n = c.length();
    return switch (source.base()) {
      case "bool", "boolean" -> c.type() == ColumnType.BOOLEAN ? "boolean" : "smallint";
      // TINYINT(1) arrives as BOOLEAN when Debezium converts it, as INT16 when it does not.
      case "tinyint" -> c.type() == ColumnType.BOOLEAN ? "boolean" : "smallint";
      case "smallint" -> unsigned ? "integer" : "smallint";
      case "mediumint" -> "integer";
      case "int", "integer" -> unsigned ? "bigint" : "integer";
      // 0 .. 18446744073709551615 has 20 digits.
      case "bigint" -> unsigned ? "numeric(20,0)" : "bigint";
      case "decimal", "numeric", "dec", "fixed" -> numeric(c, 0);
      // FLOAT(p) with p > 24 is a DOUBLE; the logical type says which.
      case "float" -> c.type() == ColumnType.FLOAT64 ? "double precision" : "real";
      // REAL is DOUBLE unless the server runs with REAL_AS_FLOAT; the logical type says which.
      case "double", "double precision", "real" ->
          c.type() == ColumnType.FLOAT32 ? "real" : "double precision";
      case "bit" -> c.type() == ColumnType.BOOLEAN ? "boolean" : bitFromMariaDb(n);
      case "char", "nchar", "character" -> within(n, 1, 255) ? "char(" + n + ")" : "text";
      case "varchar", "nvarchar", "character varying" ->
          within(n, 1, 10_485_760) ? "varchar(" + n + ")" : "text";
      case "tinytext", "text", "mediumtext", "longtext" -> "text";
      case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "bytea";
      // json keeps the document as written, as MariaDB does; jsonb would reorder its keys.
      case "json" -> "json";
      case "enum", "set" -> "text";
      case "year" -> "smallint";
      case "date" -> "date";
      case "time" -> withFraction("time", n);
      case "datetime" -> withFraction("timestamp", n);
      // MariaDB's TIMESTAMP is a point in time (stored in UTC, shown in the session's zone).
      case "timestamp" -> withFraction("timestamptz", n);
      case "uuid" -> "uuid";
      case "inet4", "inet6" -> "inet";
      default -> fromLogical(c);
    };
  }

  /** BIT(n) keeps its width; an unknown width gets the widest BIT MariaDB/MySQL has. */
  private static String bitFromMariaDb(Integer n) {
    return within(n, 1, 64) ? "bit(" + n + ")" : "bit varying(64)";
  }

  // Anything else, by its logical type.

  static String fromLogical(ColumnSchema c) {
    return switch (c.type()) {
      case BOOLEAN -> "boolean";
      case INT16 -> "smallint";
      case INT32 -> "integer";
      case INT64 -> "bigint";
      case FLOAT32 -> "real";
      case FLOAT64 -> "double precision";
      case DECIMAL -> numeric(c, -1000);
      case STRING, OTHER -> "text";
      case BYTES -> "bytea";
      case JSON -> "json";
      case UUID -> "uuid";
      case DATE -> "date";
      case TIME -> withFraction("time", c.length());
      case TIMESTAMP -> withFraction("timestamp", c.length());
      case TIMESTAMPTZ -> withFraction("timestamptz", c.length());
      case INTERVAL -> "interval";
      case ARRAY -> fromLogical(new ColumnSchema(c.name(), c.elementType(), null, "", true)) + "[]";
    };
  }

  /**
   * {@code numeric(p,s)} when the source declares a precision PostgreSQL accepts (1 to 1000, scale
   * from {@code minScale} to 1000), otherwise unconstrained {@code numeric}, which holds every
   * value of every source.
   */
  private static String numeric(ColumnSchema c, int minScale) {
    Integer p = c.length();
    int s = c.scale() == null ? 0 : c.scale();
    if (within(p, 1, 1000) && s >= minScale && s <= 1000) {
      return "numeric(" + p + "," + s + ")";
    }
    return "numeric";
  }

  /**
   * {@code type(p)} for 0 to 6 fractional digits; without a known precision, the type's maximum.
   */
  private static String withFraction(String type, Integer digits) {
    return within(digits, 0, 6) ? type + "(" + digits + ")" : type;
  }

  private static String sized(String type, Integer n, int max) {
    return sized(type, n, max, type);
  }

  /** {@code type(n)} for a valid declared length, else {@code unsized}. */
  private static String sized(String type, Integer n, int max, String unsized) {
    return within(n, 1, max) ? type + "(" + n + ")" : unsized;
  }
}
