package io.lockstep.engine;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SQL fragments reconciliation ({@code io.lockstep.recovery.reconcile}) runs on one side of a
 * table, as one engine spells them: a column's canonical text, row hashes, key order and key
 * parameters, integer buckets and the planner's row estimate. The statements around them (ranges,
 * buckets, samples, fetches) are the same on every engine and stay in recovery-core.
 *
 * <p>Canonical texts are the same on PostgreSQL and on MariaDB/MySQL for values the shared
 * normaliser ({@link io.lockstep.types.ValueNormaliser}) calls equal, so that checksums computed in
 * each database agree (design decision 9). The text need not be the normaliser's own, only the same
 * on both engines; where a type has no such expression on one of them (floats, whose shortest texts
 * the engines spell differently, JSON key order, intervals, arrays, bit strings, times with zone),
 * the column is compared in Java instead ({@link #canonicalText} is empty). An expression that
 * spells equal values differently only costs a fetch: rows are always compared through the
 * normaliser before a difference is reported. Every text here is compared across engines: changing
 * one changes behaviour.
 */
public interface ChecksumSql {

  /** One column's canonical text in a row hash: {@code text} parts may hold any character. */
  record Part(String sql, boolean text) {}

  /** A native type's base name, lower case, without length, sign or schema. */
  static String base(String nativeType) {
    String type = nativeType.toLowerCase(Locale.ROOT).trim();
    int dot = type.lastIndexOf('.');
    type = dot >= 0 ? type.substring(dot + 1) : type;
    return type.replaceAll("[( ].*", "").replace("\"", "");
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

  /** An identifier quoted for this engine. */
  String quote(String identifier);

  /**
   * The canonical text of a column on this engine, or empty when it is compared in Java.
   *
   * @param source the source column (its logical type says what the value is)
   * @param onSide the same column as this side's catalog describes it (its type says how it is
   *     stored here)
   * @param column the quoted column name
   */
  Optional<String> canonicalText(ColumnSchema source, ColumnSchema onSide, String column);

  /**
   * Per-row hash from the canonical texts of {@code parts} (null entries are columns compared in
   * Java and are skipped): joined by {@code |}, free texts prefixed with their length in UTF-8
   * bytes and a colon (a NULL free text is the colon alone), a NULL fixed text as nothing (no other
   * fixed text is empty), so that no two rows' concatenations coincide; then the first 15 hex
   * digits of their MD5 as a number, which every engine computes exactly alike.
   */
  String md5Hash(List<Part> parts);

  /**
   * Whether rows of these columns (as this side's catalog describes them) can be hashed by {@link
   * #recordHash}: between two servers of this engine and one major version, a hash of the row's
   * values without making any text. False on engines without one.
   */
  boolean recordHashes(List<ColumnSchema> onSide);

  /**
   * Per-row hash of the row's values between two servers of this engine of one major version, for
   * columns that {@link #recordHashes}.
   */
  String recordHash(List<String> columns);

  /**
   * Per-row hash between two servers of this engine otherwise: of the row's own texts, exact
   * between servers of one engine, as the row-by-row comparison has it.
   *
   * @param onSide the columns as this side's catalog describes them
   * @param columns their quoted names
   */
  String ownTextHash(List<ColumnSchema> onSide, List<String> columns);

  /** The expression ordering a text key column by its UTF-8 bytes, whatever its collation. */
  String textKeyOrder(String column);

  /** A parameter compared with {@link #textKeyOrder}. */
  String textKeyPlaceholder();

  /**
   * A parameter compared with a (not integer) key column itself, so that its index serves.
   *
   * @param keyOnSide the key column as this side's catalog describes it
   * @param keyType the source key column's type
   */
  String keyValuePlaceholder(ColumnSchema keyOnSide, ColumnType keyType);

  /** The value bound for a (not integer) key column given its canonical text. */
  Object keyParameter(ColumnSchema keyOnSide, ColumnType keyType, String canonical);

  /**
   * The bucket of a row of an integer key: {@code (key - ?) / ?} in integer arithmetic, the
   * parameters being the range's lower bound and the bucket width.
   */
  String integerBucket(String keyColumn);

  /**
   * The planner's estimate of a table's rows (parameters: schema, table); may be stale, or -1/0
   * when never analysed.
   */
  String estimateSql();

  /**
   * Whether the driver streams a result only inside a transaction (PostgreSQL); otherwise a fetch
   * size is enough.
   */
  boolean streamsOnlyInTransaction();
}
