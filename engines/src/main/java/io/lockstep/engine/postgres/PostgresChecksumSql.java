package io.lockstep.engine.postgres;

import static io.lockstep.engine.ChecksumSql.base;

import io.lockstep.engine.ChecksumSql;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * PostgreSQL's reconciliation SQL: canonical texts through {@code ::text} (PostgreSQL prints
 * fractional seconds without trailing zeros), MD5 row hashes through {@code md5(concat(...))}, and
 * between PostgreSQL servers its own 64-bit hashes of the row ({@code hash_record_extended}, {@code
 * hashtextextended}). Text keys order by {@code COLLATE "C"}.
 */
final class PostgresChecksumSql implements ChecksumSql {

  private static final Set<String> TEXT =
      Set.of("text", "varchar", "bpchar", "name", "citext", "char", "character");
  private static final Set<String> CHAR_TYPES = Set.of("bpchar", "char", "character", "nchar");
  private static final Set<String> INTEGER = Set.of("int2", "int4", "int8");

  /**
   * Types whose hash functions see values as the normaliser does (numeric ignores scale, bpchar its
   * padding); citext, json and user types are left out.
   */
  private static final Set<String> HASHABLE =
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

  @Override
  public String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public Optional<String> canonicalText(ColumnSchema source, ColumnSchema onSide, String column) {
    String sideBase = base(onSide.nativeType());
    String sourceBase = base(source.nativeType());
    String expression =
        switch (source.type()) {
          case BOOLEAN ->
              sideBase.equals("bool")
                  ? "CASE WHEN " + column + " THEN 'true' ELSE 'false' END"
                  : numeric(sideBase)
                      ? "CASE WHEN " + column + " <> 0 THEN 'true' ELSE 'false' END"
                      : null;
          case INT16, INT32, INT64, DECIMAL -> number(sideBase, column);
          case STRING -> string(sourceBase, sideBase, column);
          case BYTES -> bytes(sourceBase, sideBase, column);
          case UUID -> "lower(" + column + "::text)";
          // PostgreSQL prints fractional seconds without trailing zeros
          case DATE -> sideBase.equals("date") ? column + "::text" : null;
          case TIME -> sideBase.equals("time") ? column + "::text" : null;
          case TIMESTAMP -> sideBase.equals("timestamp") ? column + "::text" : null;
          case TIMESTAMPTZ ->
              sideBase.equals("timestamptz") ? "(" + column + " AT TIME ZONE 'UTC')::text" : null;
          case FLOAT32, FLOAT64, JSON, INTERVAL, ARRAY -> null;
          case OTHER -> Set.of("time", "timetz").contains(sourceBase) ? null : column + "::text";
        };
    return Optional.ofNullable(expression);
  }

  @Override
  public String md5Hash(List<Part> parts) {
    StringJoiner concat = new StringJoiner(", '|', ");
    for (Part part : parts) {
      if (part == null) {
        continue;
      }
      String x = part.sql();
      // concat() reads NULL as nothing, so a NULL text is ":" and a NULL fixed text empty.
      // octet_length is read from the value's header; length() would count characters.
      concat.add(part.text() ? "octet_length(" + x + "), ':', " + x : x);
    }
    String text = concat.length() == 0 ? "'-'" : concat.toString();
    return "('x' || substr(md5(concat(" + text + ")), 1, 15))::bit(60)::bigint";
  }

  /**
   * Between two PostgreSQL servers of one major version (14 or later) whose columns all have hash
   * functions: PostgreSQL's own 64-bit hash of the row's values, without making any text. Several
   * times cheaper than hashing text.
   */
  @Override
  public String recordHash(List<String> columns) {
    return "hash_record_extended(ROW(" + String.join(", ", columns) + "), 0)";
  }

  @Override
  public boolean recordHashes(List<ColumnSchema> onSide) {
    return onSide.stream().allMatch(PostgresChecksumSql::recordHashable);
  }

  private static boolean recordHashable(ColumnSchema onSide) {
    String base = base(onSide.nativeType());
    return HASHABLE.contains(base.startsWith("_") ? base.substring(1) : base);
  }

  /**
   * The row's own text, hashed to 64 bits by PostgreSQL's {@code hashtextextended}, the same
   * function on both sides and cheaper than MD5.
   */
  @Override
  public String ownTextHash(List<ColumnSchema> onSide, List<String> columns) {
    return "hashtextextended(ROW(" + String.join(", ", columns) + ")::text, 0)";
  }

  @Override
  public String textKeyOrder(String column) {
    return column + " COLLATE \"C\"";
  }

  @Override
  public String textKeyPlaceholder() {
    return "CAST(? AS text) COLLATE \"C\"";
  }

  @Override
  public String keyValuePlaceholder(ColumnSchema keyOnSide, ColumnType keyType) {
    String base = base(keyOnSide.nativeType());
    return "CAST(? AS " + (base.isEmpty() ? "text" : "\"" + base + "\"") + ")";
  }

  @Override
  public Object keyParameter(ColumnSchema keyOnSide, ColumnType keyType, String canonical) {
    String base = base(keyOnSide.nativeType());
    if (keyType == ColumnType.BOOLEAN && !base.equals("bool")) {
      return Boolean.parseBoolean(canonical) ? "1" : "0";
    }
    return canonical;
  }

  @Override
  public String integerBucket(String keyColumn) {
    return "((" + keyColumn + " - ?::bigint) / ?::bigint)";
  }

  @Override
  public String estimateSql() {
    return "SELECT c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid ="
        + " c.relnamespace WHERE n.nspname = ? AND c.relname = ?";
  }

  @Override
  public boolean streamsOnlyInTransaction() {
    return true;
  }

  private static boolean numeric(String base) {
    return INTEGER.contains(base) || base.equals("numeric");
  }

  private static String number(String base, String column) {
    if (base.equals("bool")) {
      return "CASE WHEN " + column + " THEN '1' ELSE '0' END";
    }
    if (INTEGER.contains(base)) {
      return column + "::text";
    }
    // trim_scale (PostgreSQL 13+): 1.50 and 1.5 are one value
    return base.equals("numeric") ? "trim_scale(" + column + ")::text" : null;
  }

  private static String string(String sourceBase, String sideBase, String column) {
    if (sideBase.equals("jsonb")) {
      return null; // jsonb reorders keys and respaces: compared in Java
    }
    if (sideBase.equals("json")) {
      return column + "::text"; // the document's text as written
    }
    if (CHAR_TYPES.contains(sourceBase)) {
      // CHAR(n) padding is not significant: PostgreSQL pads, MariaDB strips
      return "rtrim(" + column + "::text, ' ')";
    }
    return TEXT.contains(sideBase) || Set.of("inet", "cidr", "macaddr").contains(sideBase)
        ? column + "::text"
        : null;
  }

  private static String bytes(String sourceBase, String sideBase, String column) {
    if (isBits(sourceBase) || isBits(sideBase)) {
      return null; // bit strings: the engines share no text of them
    }
    return sideBase.equals("bytea") ? "encode(" + column + ", 'hex')" : null;
  }

  private static boolean isBits(String base) {
    return base.equals("bit") || base.equals("varbit");
  }
}
