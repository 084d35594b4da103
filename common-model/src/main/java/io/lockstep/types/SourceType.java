package io.lockstep.types;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A source column's native type name taken apart: its base name in lower case without sizes or
 * modifiers ({@code bigint} for {@code BIGINT(20) UNSIGNED ZEROFILL}), whether it is unsigned,
 * whether it is an array, and which engine wrote it.
 *
 * <p>Change events do not say which engine they come from, so the engine is read from the name
 * itself: Debezium's MariaDB/MySQL connector reports type names in upper case ({@code INT
 * UNSIGNED}, {@code DATETIME}), PostgreSQL's are catalog names in lower case ({@code int4}, {@code
 * timestamptz}), and some names exist only in MariaDB/MySQL ({@code mediumint}, {@code longtext},
 * {@code datetime}) whatever their case. The case only decides for names both engines use ({@code
 * text}, {@code varchar}, {@code json}, {@code timestamp}, {@code time}, {@code date}, {@code
 * uuid}, {@code bit}, {@code char}).
 *
 * @param base the type name in lower case, without sizes, {@code unsigned}, {@code zerofill} or the
 *     array marker; empty when the source gave no name
 * @param unsigned whether the name says {@code UNSIGNED}
 * @param array whether the name is a PostgreSQL array ({@code _int4} or {@code int4[]})
 * @param mariaDb whether the name was written by MariaDB/MySQL
 */
public record SourceType(String base, boolean unsigned, boolean array, boolean mariaDb) {

  private static final Set<String> ONLY_MARIADB =
      Set.of(
          "tinyint",
          "mediumint",
          "int",
          "double",
          "float",
          "datetime",
          "year",
          "tinytext",
          "mediumtext",
          "longtext",
          "tinyblob",
          "blob",
          "mediumblob",
          "longblob",
          "binary",
          "varbinary",
          "enum",
          "set",
          "decimal",
          "dec",
          "fixed",
          "nchar",
          "nvarchar",
          "inet4",
          "inet6",
          "geometry",
          "linestring",
          "multipoint",
          "multilinestring",
          "multipolygon",
          "geometrycollection");

  /** Parsed names: a pipeline has few, and the normaliser asks once per value. */
  private static final Map<String, SourceType> PARSED = new ConcurrentHashMap<>();

  private static final int PARSED_LIMIT = 4096;

  public static SourceType of(String nativeType) {
    String name = nativeType == null ? "" : nativeType;
    SourceType parsed = PARSED.get(name);
    if (parsed == null) {
      if (PARSED.size() > PARSED_LIMIT) {
        PARSED.clear();
      }
      parsed = parse(name);
      PARSED.put(name, parsed);
    }
    return parsed;
  }

  private static SourceType parse(String nativeType) {
    String text = nativeType.trim();
    String lower = text.toLowerCase(Locale.ROOT);
    boolean unsigned = lower.matches(".*\\bunsigned\\b.*");
    String base =
        lower
            .replaceAll("\\(.*?\\)", " ")
            .replaceAll("\\b(unsigned|signed|zerofill)\\b", " ")
            .replace("\"", "")
            .replaceFirst("^pg_catalog\\.", "")
            .replaceAll("\\s+", " ")
            .trim();
    boolean array = false;
    if (base.startsWith("_")) {
      array = true;
      base = base.substring(1);
    } else if (base.endsWith("[]")) {
      array = true;
      base = base.substring(0, base.length() - 2).trim();
    }
    boolean upperCase =
        !text.isEmpty() && text.equals(text.toUpperCase(Locale.ROOT)) && !text.equals(lower);
    boolean mariaDb = !array && (upperCase || unsigned || ONLY_MARIADB.contains(base));
    return new SourceType(base, unsigned, array, mariaDb);
  }

  public boolean isKnown() {
    return !base.isEmpty();
  }

  /** For an array, the element's native name as PostgreSQL spells it ({@code int4}). */
  public SourceType element() {
    return new SourceType(base, false, false, false);
  }
}
