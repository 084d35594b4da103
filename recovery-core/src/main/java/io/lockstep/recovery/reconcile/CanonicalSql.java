package io.lockstep.recovery.reconcile;

import io.lockstep.event.ColumnSchema;
import io.lockstep.types.Engine;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * SQL expressions giving a column's value as a text that is the same on PostgreSQL and on
 * MariaDB/MySQL for values the shared normaliser ({@link io.lockstep.types.ValueNormaliser}) calls
 * equal, so that checksums computed in each database agree (design decision 9). The text need not
 * be the normaliser's own, only the same on both engines; where a type has no such expression on
 * one of them (floats, whose shortest texts the engines spell differently, JSON key order,
 * intervals, arrays, bit strings, times with zone), the column is compared in Java instead ({@link
 * #text} is empty). An expression that spells equal values differently only costs a fetch: rows are
 * always compared through the normaliser before a difference is reported.
 */
final class CanonicalSql {

  private static final Set<String> PG_TEXT =
      Set.of("text", "varchar", "bpchar", "name", "citext", "char", "character");
  private static final Set<String> CHAR_TYPES = Set.of("bpchar", "char", "character", "nchar");
  private static final Set<String> PG_INTEGER = Set.of("int2", "int4", "int8");
  private static final Set<String> MARIADB_INTEGER =
      Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year");
  private static final Set<String> MARIADB_BINARY =
      Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");

  /**
   * PostgreSQL types whose hash functions see values as the normaliser does (numeric ignores scale,
   * bpchar its padding); citext, json and user types are left out.
   */
  private static final Set<String> PG_HASHABLE =
      Set.of(
          "int2",
          "int4",
          "int8",
          "numeric",
          "float4",
          "float8",
          "text",
          "varchar",
          "bpchar",
          "name",
          "bool",
          "date",
          "time",
          "timestamp",
          "timestamptz",
          "interval",
          "bytea",
          "uuid",
          "jsonb",
          "inet",
          "cidr",
          "macaddr",
          "macaddr8",
          "char",
          "oid");

  /** One column's canonical text in a row hash: {@code text} parts may hold any character. */
  record Part(String sql, boolean text) {}

  private CanonicalSql() {}

  /** A native type's base name, lower case, without length, sign or schema. */
  static String base(String nativeType) {
    String type = nativeType.toLowerCase(Locale.ROOT).trim();
    int dot = type.lastIndexOf('.');
    type = dot >= 0 ? type.substring(dot + 1) : type;
    return type.replaceAll("[( ].*", "").replace("\"", "");
  }

  /**
   * The canonical text of a column on one side, or empty when it is compared in Java.
   *
   * @param side the engine the expression runs on
   * @param source the source column (its logical type says what the value is)
   * @param onSide the same column as the side's catalog describes it (its type says how it is
   *     stored there)
   * @param column the quoted column name
   */
  static Optional<String> text(
      Engine side, ColumnSchema source, ColumnSchema onSide, String column) {
    String sideBase = base(onSide.nativeType());
    String sourceBase = base(source.nativeType());
    boolean pg = side == Engine.POSTGRES;
    String expression =
        switch (source.type()) {
          case BOOLEAN ->
              pg && sideBase.equals("bool")
                  ? "CASE WHEN " + column + " THEN 'true' ELSE 'false' END"
                  : numeric(side, sideBase)
                      ? "CASE WHEN " + column + " <> 0 THEN 'true' ELSE 'false' END"
                      : null;
          case INT16, INT32, INT64, DECIMAL -> number(side, sideBase, column);
          case STRING -> string(side, sourceBase, sideBase, column);
          case BYTES -> bytes(side, sourceBase, sideBase, column);
          case UUID -> pg ? "lower(" + column + "::text)" : "LOWER(" + column + ")";
          // PostgreSQL prints fractional seconds without trailing zeros; MariaDB's are trimmed
          case DATE ->
              sideBase.equals("date")
                  ? pg ? column + "::text" : "CAST(" + column + " AS CHAR)"
                  : null;
          case TIME ->
              sideBase.equals("time")
                  ? pg ? column + "::text" : trimFraction("CAST(" + column + " AS CHAR)")
                  : null;
          case TIMESTAMP ->
              pg
                  ? sideBase.equals("timestamp") ? column + "::text" : null
                  : sideBase.equals("datetime")
                      ? trimFraction("CAST(" + column + " AS CHAR)")
                      : null;
          case TIMESTAMPTZ ->
              pg
                  ? sideBase.equals("timestamptz")
                      ? "(" + column + " AT TIME ZONE 'UTC')::text"
                      : null
                  // a datetime holding UTC, or a TIMESTAMP read in the session's zone, which is UTC
                  : Set.of("datetime", "timestamp").contains(sideBase)
                      ? trimFraction("CAST(" + column + " AS CHAR)")
                      : null;
          case FLOAT32, FLOAT64, JSON, INTERVAL, ARRAY -> null;
          case OTHER ->
              Set.of("time", "timetz").contains(sourceBase)
                  ? null
                  : pg ? column + "::text" : "CAST(" + column + " AS CHAR)";
        };
    return Optional.ofNullable(expression);
  }

  /**
   * Whether a column's canonical text may be empty or hold any character, so that it needs its
   * length in front to keep a row's concatenation unambiguous; numbers, dates, booleans and UUIDs
   * have spellings that are never empty and never hold the separator.
   */
  static boolean isText(ColumnSchema source) {
    return switch (source.type()) {
      case STRING, BYTES, JSON, INTERVAL, ARRAY, OTHER -> true;
      default -> false;
    };
  }

  /**
   * Per-row hash on one side, from the canonical texts of {@code parts} (null entries are columns
   * compared in Java and are skipped): joined by {@code |}, free texts prefixed with their length
   * in UTF-8 bytes and a colon (a NULL free text is the colon alone), a NULL fixed text as nothing
   * (no other fixed text is empty), so that no two rows' concatenations coincide; then the first 15
   * hex digits of their MD5 as a number, which both engines compute exactly alike. On MariaDB the
   * row's text is converted to utf8mb4 as a whole; a column in another character set gets a
   * different length there, which costs a fetch, never a wrong result.
   */
  static String md5Hash(Engine side, List<Part> parts) {
    boolean pg = side == Engine.POSTGRES;
    StringJoiner concat = new StringJoiner(", '|', ");
    for (Part part : parts) {
      if (part == null) {
        continue;
      }
      String x = part.sql();
      if (pg) {
        // concat() reads NULL as nothing, so a NULL text is ":" and a NULL fixed text empty.
        // octet_length is read from the value's header; length() would count characters.
        concat.add(part.text() ? "octet_length(" + x + "), ':', " + x : x);
      } else {
        // CONCAT() is NULL when any argument is
        concat.add(
            part.text()
                ? "COALESCE(CONCAT(LENGTH(" + x + "), ':', " + x + "), ':')"
                : "COALESCE(" + x + ", '')");
      }
    }
    String text = concat.length() == 0 ? "'-'" : concat.toString();
    return pg
        ? "('x' || substr(md5(concat(" + text + ")), 1, 15))::bit(60)::bigint"
        : "CAST(CONV(SUBSTRING(MD5(CONVERT(CONCAT("
            + text
            + ") USING utf8mb4)), 1, 15), 16, 10) AS UNSIGNED)";
  }

  /**
   * Per-row hash between two PostgreSQL servers of one major version (14 or later) whose columns
   * all have hash functions: PostgreSQL's own 64-bit hash of the row's values, without making any
   * text. Several times cheaper than hashing text.
   */
  static String postgresRecordHash(List<String> columns) {
    return "hash_record_extended(ROW(" + String.join(", ", columns) + "), 0)";
  }

  /** Whether a PostgreSQL column can go into {@link #postgresRecordHash}. */
  static boolean recordHashable(ColumnSchema onSide) {
    String base = base(onSide.nativeType());
    return PG_HASHABLE.contains(base.startsWith("_") ? base.substring(1) : base);
  }

  /**
   * Per-row hash between other PostgreSQL servers: the row's own text (exact between servers of one
   * engine, as the row-by-row comparison has it), hashed to 64 bits by PostgreSQL's {@code
   * hashtextextended}, the same function on both sides and cheaper than MD5.
   */
  static String postgresRowHash(List<String> columns) {
    return "hashtextextended(ROW(" + String.join(", ", columns) + ")::text, 0)";
  }

  /**
   * A value's own text between two MariaDB/MySQL servers (hex for binary columns), for {@link
   * #md5Hash}.
   */
  static Part mariaDbText(ColumnSchema onSide, String column) {
    String base = base(onSide.nativeType());
    return new Part(
        MARIADB_BINARY.contains(base) || isBits(base) ? "HEX(" + column + ")" : column, true);
  }

  /** A MariaDB number or time text without trailing fractional zeros (nor a lone point). */
  static String trimFraction(String text) {
    return "CASE WHEN INSTR("
        + text
        + ", '.') > 0 THEN TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM "
        + text
        + ")) ELSE "
        + text
        + " END";
  }

  private static boolean numeric(Engine side, String base) {
    return side == Engine.POSTGRES
        ? PG_INTEGER.contains(base) || base.equals("numeric")
        : MARIADB_INTEGER.contains(base) || Set.of("decimal", "numeric", "bit").contains(base);
  }

  private static String number(Engine side, String base, String column) {
    if (side == Engine.POSTGRES) {
      if (base.equals("bool")) {
        return "CASE WHEN " + column + " THEN '1' ELSE '0' END";
      }
      if (PG_INTEGER.contains(base)) {
        return column + "::text";
      }
      // trim_scale (PostgreSQL 13+): 1.50 and 1.5 are one value
      return base.equals("numeric") ? "trim_scale(" + column + ")::text" : null;
    }
    if (MARIADB_INTEGER.contains(base)) {
      return "CAST(" + column + " AS CHAR)";
    }
    if (base.equals("bit")) {
      return "CAST(" + column + " + 0 AS CHAR)";
    }
    if (base.equals("decimal") || base.equals("numeric")) {
      return trimFraction("CAST(" + column + " AS CHAR)");
    }
    return null;
  }

  private static String string(Engine side, String sourceBase, String sideBase, String column) {
    boolean pg = side == Engine.POSTGRES;
    if (sideBase.equals("jsonb")) {
      return null; // jsonb reorders keys and respaces: compared in Java
    }
    if (sideBase.equals("json")) {
      return pg ? column + "::text" : column; // the document's text as written
    }
    if (CHAR_TYPES.contains(sourceBase)) {
      // CHAR(n) padding is not significant: PostgreSQL pads, MariaDB strips
      return pg ? "rtrim(" + column + "::text, ' ')" : "TRIM(TRAILING ' ' FROM " + column + ")";
    }
    if (pg) {
      return PG_TEXT.contains(sideBase) || Set.of("inet", "cidr", "macaddr").contains(sideBase)
          ? column + "::text"
          : null;
    }
    return MARIADB_BINARY.contains(sideBase) ? null : column;
  }

  private static String bytes(Engine side, String sourceBase, String sideBase, String column) {
    if (isBits(sourceBase) || isBits(sideBase)) {
      return null; // bit strings: the engines share no text of them
    }
    if (side == Engine.POSTGRES) {
      return sideBase.equals("bytea") ? "encode(" + column + ", 'hex')" : null;
    }
    return MARIADB_BINARY.contains(sideBase) ? "LOWER(HEX(" + column + "))" : null;
  }

  private static boolean isBits(String base) {
    return base.equals("bit") || base.equals("varbit");
  }
}
