package io.lockstep.engine.mariadb;

import static io.lockstep.engine.TypeSizes.within;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.types.SourceType;

/**
 * Column types on a MariaDB/MySQL target (docs/type-mapping.md): PostgreSQL sources mapped to the
 * nearest type that holds every value, MariaDB/MySQL sources kept as declared.
 *
 * <p>Character types carry no character set or collation: the tables {@code MariaDbDialect} creates
 * default to utf8mb4 (four-byte characters such as emoji) with {@code utf8mb4_nopad_bin}, under
 * which two values the source kept apart ('a' and 'A', 'a' and 'a ') never collide in a key. The
 * source's own collation is not in the event.
 */
final class MariaDbTargetTypes {

  /** The widest DECIMAL MariaDB/MySQL has with fractions: 65 digits, 30 after the point. */
  static final DecimalShape WIDEST_DECIMAL = new DecimalShape(65, 30);

  /**
   * Longest {@code varchar} a PostgreSQL {@code varchar(n)} keeps as {@code varchar}; longer ones
   * become TEXT types. PostgreSQL has no row-size limit, so its declarations were never shaped by
   * one, while MariaDB refuses a table whose {@code varchar} columns together exceed 65,535 bytes
   * (four per utf8mb4 character). TEXT columns count a few bytes each.
   */
  private static final int PG_VARCHAR_INLINE = 255;

  /** The longest {@code varchar} in utf8mb4 (65,532 bytes). */
  private static final int MAX_VARCHAR = 16_383;

  /** Characters a MEDIUMTEXT (16 MiB) surely holds in utf8mb4. */
  private static final int MEDIUMTEXT_CHARS = 4_194_303;

  private MariaDbTargetTypes() {}

  /** A DECIMAL's precision and scale. */
  record DecimalShape(int precision, int scale) {
    String ddl() {
      return "decimal(" + precision + "," + scale + ")";
    }
  }

  /** The MariaDB/MySQL DDL type of {@code column}. */
  static String type(ColumnSchema column) {
    return type(column, SourceType.of(column.nativeType()));
  }

  static String type(ColumnSchema column, SourceType source) {
    if (!source.isKnown()) {
      return fromLogical(column);
    }
    return source.mariaDb() ? fromMariaDb(column, source) : fromPostgres(column, source);
  }

  // PostgreSQL -> MariaDB/MySQL.

  private static String fromPostgres(ColumnSchema c, SourceType source) {
    if (source.array() || c.type() == ColumnType.ARRAY) {
      // Arrays become a JSON array of their elements in wire format (ArrayJson).
      return "json";
    }
    Integer n = c.length();
    return switch (source.base()) {
      case "bool", "boolean" -> "boolean";
      case "int2", "smallint" -> "smallint";
      case "int4", "integer" -> "int";
      case "int8", "bigint" -> "bigint";
      case "float4", "real" -> "float";
      case "float8", "double precision" -> "double";
      case "numeric" -> decimalFromPostgres(c).ddl();
      // money has two fractional digits (lc_monetary) and 17 before the point.
      case "money" -> "decimal(19,2)";
      case "varchar", "character varying" ->
          within(n, 1, PG_VARCHAR_INLINE) ? "varchar(" + n + ")" : textFor(n);
      case "bpchar", "character" -> within(n, 1, 255) ? "char(" + n + ")" : textFor(n);
      // PostgreSQL's one-byte internal type "char".
      case "char" -> "char(1)";
      case "name" -> "varchar(64)";
      case "text", "citext", "xml", "tsvector", "tsquery" -> "longtext";
      case "bytea" -> "longblob";
      case "json", "jsonb" -> "json";
      case "uuid" -> uuid();
      case "date" -> "date";
      case "time" -> "time(" + fraction(n) + ")";
      // Debezium carries timetz as text normalised to UTC ("10:15:30.123456Z").
      case "timetz" -> "varchar(32)";
      // timestamptz is held as its UTC wall-clock time; see docs/type-mapping.md for why not
      // TIMESTAMP.
      case "timestamp", "timestamptz" -> "datetime(" + fraction(n) + ")";
      // ISO-8601 text as the event carries it ("P1Y2M3DT4H5M6.789S").
      case "interval" -> "varchar(64)";
      case "bit", "varbit", "bit varying" -> bitFromPostgres(c);
      case "inet", "cidr" -> "varchar(64)";
      case "macaddr" -> "varchar(17)";
      case "macaddr8" -> "varchar(23)";
      default -> fromLogical(c);
    };
  }

  /**
   * PostgreSQL's {@code numeric(p,s)} as DECIMAL. PostgreSQL 15 allows a negative scale ({@code
   * numeric(3,-2)} holds 99900) and a scale above the precision ({@code numeric(2,5)} holds
   * 0.00099); both are turned into the DECIMAL holding the same values. Unconstrained numerics, and
   * any too wide for DECIMAL, get the widest DECIMAL; values that do not fit it are refused (see
   * {@link MariaDbTargetLimits}) instead of being rounded by MariaDB.
   */
  static DecimalShape decimalFromPostgres(ColumnSchema c) {
    Integer p = c.length();
    int s = c.scale() == null ? 0 : c.scale();
    if (!within(p, 1, 1000) || s < -1000 || s > 1000) {
      return WIDEST_DECIMAL;
    }
    int integerDigits = Math.max(p - s, 0);
    int fractionDigits = Math.max(s, 0);
    int precision = Math.max(integerDigits + fractionDigits, 1);
    if (precision > 65 || fractionDigits > 38) {
      return WIDEST_DECIMAL;
    }
    return new DecimalShape(precision, fractionDigits);
  }

  /**
   * bit(n) and varbit(n) up to 64 bits are BIT(n); longer ones, or ones of unknown length, are
   * binary, holding the same bytes the event carries.
   */
  private static String bitFromPostgres(ColumnSchema c) {
    if (c.type() == ColumnType.BOOLEAN) {
      return "bit(1)";
    }
    Integer n = c.length();
    if (within(n, 1, 64)) {
      return "bit(" + n + ")";
    }
    return n != null && n > 64 && n <= 8 * 65_532 ? "varbinary(" + (n + 7) / 8 + ")" : "longblob";
  }

  /** The TEXT type that holds {@code n} characters; LONGTEXT when {@code n} is unknown. */
  private static String textFor(Integer n) {
    if (n != null && n > 0 && n <= MAX_VARCHAR) {
      return "text";
    }
    return (n != null && n > 0 && n <= MEDIUMTEXT_CHARS ? "mediumtext" : "longtext");
  }

  /**
   * {@code char(36)}, not MariaDB's own {@code uuid} (10.7+): one engine value covers MariaDB and
   * MySQL 8, and MySQL has no uuid type. PostgreSQL and the event both spell UUIDs in lower case.
   */
  private static String uuid() {
    return "char(36)";
  }

  // MariaDB/MySQL -> MariaDB/MySQL: as declared.

  private static String fromMariaDb(ColumnSchema c, SourceType source) {
    String unsigned = source.unsigned() ? " unsigned" : "";
    Integer n = c.length();
    return switch (source.base()) {
      case "bool", "boolean" -> "boolean";
      // TINYINT(1) arrives as BOOLEAN when Debezium converts it, as INT16 when it does not.
      case "tinyint" -> c.type() == ColumnType.BOOLEAN ? "tinyint(1)" : "tinyint" + unsigned;
      case "smallint", "mediumint", "bigint" -> source.base() + unsigned;
      case "int", "integer" -> "int" + unsigned;
      case "decimal", "numeric", "dec", "fixed" -> decimalFromMariaDb(c).ddl() + unsigned;
      case "float" -> (c.type() == ColumnType.FLOAT64 ? "double" : "float") + unsigned;
      case "double", "double precision", "real" -> "double" + unsigned;
      case "bit" -> c.type() == ColumnType.BOOLEAN ? "bit(1)" : bitFromMariaDb(n);
      case "char", "nchar", "character" -> within(n, 0, 255) ? "char(" + n + ")" : "char(255)";
      case "varchar", "nvarchar", "character varying" ->
          within(n, 0, MAX_VARCHAR) ? "varchar(" + n + ")" : textFor(n);
      case "tinytext", "text", "mediumtext", "longtext" -> source.base();
      case "binary" -> within(n, 0, 255) ? "binary(" + n + ")" : "binary(255)";
      case "varbinary" -> within(n, 0, 65_532) ? "varbinary(" + n + ")" : "longblob";
      case "tinyblob", "blob", "mediumblob", "longblob" -> source.base();
      case "json" -> "json";
      // The permitted values are not in the event; an element is at most 255 characters.
      case "enum" -> "varchar(255)";
      // At most 64 elements of 255 characters and their commas: 16,383 characters fit TEXT.
      case "set" -> "text";
      case "year" -> "year";
      case "date" -> "date";
      case "time" -> "time(" + fraction(n) + ")";
      case "datetime" -> "datetime(" + fraction(n) + ")";
      case "timestamp" -> "timestamp(" + fraction(n) + ")";
      case "uuid" -> "uuid";
      case "inet4", "inet6" -> source.base();
      default -> fromLogical(c);
    };
  }

  /** BIT(n) as declared; when the width is unknown, the widest BIT. */
  private static String bitFromMariaDb(Integer n) {
    return within(n, 1, 64) ? "bit(" + n + ")" : "bit(64)";
  }

  /**
   * The declared DECIMAL; when the source does not say, the widest one (a MariaDB DECIMAL's
   * precision is always in its catalog, so this only happens to hand-made events).
   */
  static DecimalShape decimalFromMariaDb(ColumnSchema c) {
    Integer p = c.length();
    Integer s = c.scale() == null ? Integer.valueOf(0) : c.scale();
    if (within(p, 1, 65) && within(s, 0, 38) && s <= p) {
      return new DecimalShape(p, s);
    }
    return WIDEST_DECIMAL;
  }

  // Anything else, by its logical type.

  static String fromLogical(ColumnSchema c) {
    return switch (c.type()) {
      case BOOLEAN -> "boolean";
      case INT16 -> "smallint";
      case INT32 -> "int";
      case INT64 -> "bigint";
      case FLOAT32 -> "float";
      case FLOAT64 -> "double";
      case DECIMAL -> decimalFromPostgres(c).ddl();
      case STRING, OTHER -> "longtext";
      case BYTES -> "longblob";
      case JSON, ARRAY -> "json";
      case UUID -> uuid();
      case DATE -> "date";
      case TIME -> "time(" + fraction(c.length()) + ")";
      case TIMESTAMP, TIMESTAMPTZ -> "datetime(" + fraction(c.length()) + ")";
      case INTERVAL -> "varchar(64)";
    };
  }

  /** Fractional-second digits: as declared, else six (the most either engine keeps). */
  private static int fraction(Integer declared) {
    return within(declared, 0, 6) ? declared : 6;
  }
}
