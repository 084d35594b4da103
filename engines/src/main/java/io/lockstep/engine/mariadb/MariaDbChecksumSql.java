package io.lockstep.engine.mariadb;

import static io.lockstep.engine.ChecksumSql.base;

import io.lockstep.engine.ChecksumSql;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * MariaDB's and MySQL's reconciliation SQL: canonical texts through {@code CAST(... AS CHAR)} with
 * trailing fractional zeros trimmed, MD5 row hashes through {@code MD5(CONVERT(CONCAT(...) USING
 * utf8mb4))} (between MariaDB/MySQL servers too: they have no hash of a row's values). Text keys
 * order by their utf8mb4 bytes.
 */
final class MariaDbChecksumSql implements ChecksumSql {

  private static final Set<String> CHAR_TYPES = Set.of("bpchar", "char", "character", "nchar");
  private static final Set<String> INTEGER =
      Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year");
  private static final Set<String> BINARY =
      Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");

  @Override
  public String quote(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }

  @Override
  public Optional<String> canonicalText(ColumnSchema source, ColumnSchema onSide, String column) {
    String sideBase = base(onSide.nativeType());
    String sourceBase = base(source.nativeType());
    String expression =
        switch (source.type()) {
          case BOOLEAN ->
              numeric(sideBase)
                  ? "CASE WHEN " + column + " <> 0 THEN 'true' ELSE 'false' END"
                  : null;
          case INT16, INT32, INT64, DECIMAL -> number(sideBase, column);
          case STRING -> string(sourceBase, sideBase, column);
          case BYTES -> bytes(sourceBase, sideBase, column);
          case UUID -> "LOWER(" + column + ")";
          // MariaDB's fractional seconds are trimmed, as PostgreSQL prints them
          case DATE -> sideBase.equals("date") ? "CAST(" + column + " AS CHAR)" : null;
          case TIME ->
              sideBase.equals("time") ? trimFraction("CAST(" + column + " AS CHAR)") : null;
          case TIMESTAMP ->
              sideBase.equals("datetime") ? trimFraction("CAST(" + column + " AS CHAR)") : null;
          // a datetime holding UTC, or a TIMESTAMP read in the session's zone, which is UTC
          case TIMESTAMPTZ ->
              Set.of("datetime", "timestamp").contains(sideBase)
                  ? trimFraction("CAST(" + column + " AS CHAR)")
                  : null;
          case FLOAT32, FLOAT64, JSON, INTERVAL, ARRAY -> null;
          case OTHER ->
              Set.of("time", "timetz").contains(sourceBase) ? null : "CAST(" + column + " AS CHAR)";
        };
    return Optional.ofNullable(expression);
  }

  /**
   * {@inheritDoc} The row's text is converted to utf8mb4 as a whole; a column in another character
   * set gets a different length here, which costs a fetch, never a wrong result.
   */
  @Override
  public String md5Hash(List<Part> parts) {
    StringJoiner concat = new StringJoiner(", '|', ");
    for (Part part : parts) {
      if (part == null) {
        continue;
      }
      String x = part.sql();
      // CONCAT() is NULL when any argument is
      concat.add(
          part.text()
              ? "COALESCE(CONCAT(LENGTH(" + x + "), ':', " + x + "), ':')"
              : "COALESCE(" + x + ", '')");
    }
    String text = concat.length() == 0 ? "'-'" : concat.toString();
    return "CAST(CONV(SUBSTRING(MD5(CONVERT(CONCAT("
        + text
        + ") USING utf8mb4)), 1, 15), 16, 10) AS UNSIGNED)";
  }

  @Override
  public boolean recordHashes(List<ColumnSchema> onSide) {
    return false;
  }

  @Override
  public String recordHash(List<String> columns) {
    throw new UnsupportedOperationException("MariaDB/MySQL has no hash of a row's values");
  }

  /** {@link #md5Hash} of the values' own texts (hex for binary columns). */
  @Override
  public String ownTextHash(List<ColumnSchema> onSide, List<String> columns) {
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < onSide.size(); i++) {
      String base = base(onSide.get(i).nativeType());
      String column = columns.get(i);
      parts.add(
          new Part(BINARY.contains(base) || isBits(base) ? "HEX(" + column + ")" : column, true));
    }
    return md5Hash(parts);
  }

  @Override
  public String textKeyOrder(String column) {
    return "CAST(CONVERT(" + column + " USING utf8mb4) AS BINARY)";
  }

  @Override
  public String textKeyPlaceholder() {
    return "CAST(CONVERT(? USING utf8mb4) AS BINARY)";
  }

  @Override
  public String keyValuePlaceholder(ColumnSchema keyOnSide, ColumnType keyType) {
    return keyType == ColumnType.BYTES ? "UNHEX(?)" : "?";
  }

  @Override
  public Object keyParameter(ColumnSchema keyOnSide, ColumnType keyType, String canonical) {
    return switch (keyType) {
      case BYTES -> canonical.startsWith("\\x") ? canonical.substring(2) : canonical;
      case TIMESTAMPTZ ->
          canonical.endsWith("Z") ? canonical.substring(0, canonical.length() - 1) : canonical;
      case BOOLEAN -> Boolean.parseBoolean(canonical) ? "1" : "0";
      default -> canonical;
    };
  }

  @Override
  public String integerBucket(String keyColumn) {
    return "((" + keyColumn + " - ?) DIV ?)";
  }

  @Override
  public String estimateSql() {
    return "SELECT table_rows FROM information_schema.tables WHERE table_schema = ? AND"
        + " table_name = ?";
  }

  @Override
  public boolean streamsOnlyInTransaction() {
    return false;
  }

  /** A number or time text without trailing fractional zeros (nor a lone point). */
  static String trimFraction(String text) {
    return "CASE WHEN INSTR("
        + text
        + ", '.') > 0 THEN TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM "
        + text
        + ")) ELSE "
        + text
        + " END";
  }

  private static boolean numeric(String base) {
    return INTEGER.contains(base) || Set.of("decimal", "numeric", "bit").contains(base);
  }

  private static String number(String base, String column) {
    if (INTEGER.contains(base)) {
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

  private static String string(String sourceBase, String sideBase, String column) {
    if (sideBase.equals("jsonb")) {
      return null; // jsonb reorders keys and respaces: compared in Java
    }
    if (sideBase.equals("json")) {
      return column; // the document's text as written
    }
    if (CHAR_TYPES.contains(sourceBase)) {
      // CHAR(n) padding is not significant: PostgreSQL pads, MariaDB strips
      return "TRIM(TRAILING ' ' FROM " + column + ")";
    }
    return BINARY.contains(sideBase) ? null : column;
  }

  private static String bytes(String sourceBase, String sideBase, String column) {
    if (isBits(sourceBase) || isBits(sideBase)) {
      return null; // bit strings: the engines share no text of them
    }
    return BINARY.contains(sideBase) ? "LOWER(HEX(" + column + "))" : null;
  }

  private static boolean isBits(String base) {
    return base.equals("bit") || base.equals("varbit");
  }
}
