package io.lockstep.recovery.reconcile;

import io.lockstep.engine.ChecksumSql;
import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.types.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The statements reconciliation runs on one side (source or target) of a table: range bounds,
 * bucket checksums, boundary samples and row fetches. Key order is the same on both sides: integer
 * keys by value, text key columns by their UTF-8 bytes ({@code COLLATE "C"}, {@code CAST(... AS
 * BINARY)}) whatever the columns' collations, other types by value. The engine's fragments come
 * from its {@link ChecksumSql}; the statements around them are the same on every engine.
 */
final class SideSql {

  final Engine engine;
  final ChecksumSql checksum;
  private final TablePair.RowHash rowHash;
  private final String from;
  private final TablePair pair;
  private final List<ColumnSchema> columns;
  private final List<Boolean> inJava;
  private final List<String> quoted = new ArrayList<>();
  private final List<Integer> keyIndex = new ArrayList<>();
  private final String hash;

  SideSql(
      Engine engine,
      TablePair.RowHash rowHash,
      String schema,
      String table,
      TablePair pair,
      List<ColumnSchema> columns,
      List<Boolean> inJava) {
    this.engine = engine;
    this.checksum = Engines.of(engine).checksumSql();
    this.rowHash = rowHash;
    this.pair = pair;
    this.columns = List.copyOf(columns);
    this.inJava = List.copyOf(inJava);
    this.from = quote(schema) + "." + quote(table);
    columns.forEach(c -> quoted.add(quote(c.name())));
    for (ColumnSchema key : pair.keys) {
      keyIndex.add(pair.compared.indexOf(key));
    }
    this.hash = rowHash();
  }

  private String rowHash() {
    if (rowHash == TablePair.RowHash.RECORD) {
      return checksum.recordHash(quoted);
    }
    if (rowHash == TablePair.RowHash.OWN_TEXT) {
      return checksum.ownTextHash(columns, quoted);
    }
    List<ChecksumSql.Part> parts = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (inJava.get(i)) {
        parts.add(null);
      } else {
        ColumnSchema source = pair.compared.get(i);
        parts.add(
            new ChecksumSql.Part(
                checksum.canonicalText(source, columns.get(i), quoted.get(i)).orElseThrow(),
                ChecksumSql.isText(source)));
      }
    }
    return checksum.md5Hash(parts);
  }

  String quote(String identifier) {
    return checksum.quote(identifier);
  }

  String hashExpression() {
    return hash;
  }

  /** Source columns whose values are compared in Java (none between servers of one engine). */
  List<ColumnSchema> javaColumns() {
    List<ColumnSchema> java = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (inJava.get(i)) {
        java.add(pair.compared.get(i));
      }
    }
    return java;
  }

  /** Positions of the key columns among the compared columns. */
  List<Integer> keyIndex() {
    return keyIndex;
  }

  // ---- key order and parameters ----

  private boolean textKey(int k) {
    return pair.keys.get(k).type() == ColumnType.STRING && !pair.integerKey;
  }

  private String keyColumn(int k) {
    return quoted.get(keyIndex.get(k));
  }

  private ColumnSchema keyOnSide(int k) {
    return columns.get(keyIndex.get(k));
  }

  /** The expression that orders key column {@code k}. */
  String keyOrder(int k) {
    String column = keyColumn(k);
    if (!textKey(k)) {
      return column;
    }
    return checksum.textKeyOrder(column);
  }

  /** A parameter compared with {@link #keyOrder(int)}. */
  String orderPlaceholder(int k) {
    if (pair.integerKey) {
      return "?";
    }
    if (textKey(k)) {
      return checksum.textKeyPlaceholder();
    }
    return valuePlaceholder(k);
  }

  /** A parameter compared with the key column itself (so that its index serves). */
  String valuePlaceholder(int k) {
    if (pair.integerKey) {
      return "?";
    }
    return checksum.keyValuePlaceholder(keyOnSide(k), pair.keys.get(k).type());
  }

  /** The value bound for key column {@code k} given its canonical text. */
  Object keyParameter(int k, String canonical) {
    if (pair.integerKey) {
      return Long.parseLong(canonical);
    }
    return checksum.keyParameter(keyOnSide(k), pair.keys.get(k).type(), canonical);
  }

  private String tuple(List<String> parts) {
    return parts.size() == 1 ? parts.get(0) : "(" + String.join(", ", parts) + ")";
  }

  private String orderTuple() {
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < pair.keys.size(); k++) {
      parts.add(keyOrder(k));
    }
    return tuple(parts);
  }

  private String placeholderTuple() {
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < pair.keys.size(); k++) {
      parts.add(orderPlaceholder(k));
    }
    return tuple(parts);
  }

  private void bindKey(List<Object> parameters, List<String> key) {
    for (int k = 0; k < key.size(); k++) {
      parameters.add(keyParameter(k, key.get(k)));
    }
  }

  /** {@code lower <= key < upper} (true when the range is open both ways). */
  String rangePredicate(KeyRange range, List<Object> parameters) {
    StringJoiner where = new StringJoiner(" AND ");
    if (range.lower() != null) {
      where.add(orderTuple() + " >= " + placeholderTuple());
      bindKey(parameters, range.lower());
    }
    if (range.upper() != null) {
      where.add(orderTuple() + " < " + placeholderTuple());
      bindKey(parameters, range.upper());
    }
    return where.length() == 0 ? "1 = 1" : where.toString();
  }

  // ---- statements ----

  /** Smallest and largest key in the range (integer keys). */
  BoundSql bounds(KeyRange range) {
    List<Object> parameters = new ArrayList<>();
    String column = keyColumn(0);
    String where = rangePredicate(range, parameters);
    return new BoundSql(
        "SELECT MIN(" + column + "), MAX(" + column + ") FROM " + from + " WHERE " + where,
        parameters);
  }

  BoundSql count(KeyRange range) {
    List<Object> parameters = new ArrayList<>();
    String where = rangePredicate(range, parameters);
    return new BoundSql("SELECT COUNT(*) FROM " + from + " WHERE " + where, parameters);
  }

  /** The planner's estimate of the table's rows; may be stale, or -1/0 when never analysed. */
  BoundSql estimate(String schema, String table) {
    return new BoundSql(checksum.estimateSql(), List.of(schema, table));
  }

  /**
   * Bucket checksums of a range of an integer key: bucket {@code (key - lower) / width}. Grouped in
   * the database (bucket, rows, sum of row hashes) unless some columns are compared in Java; then
   * streamed per row: bucket, row hash, the key and those columns.
   */
  BoundSql integerBuckets(KeyRange range, long lower, long width) {
    List<Object> parameters = new ArrayList<>();
    String bucket = checksum.integerBucket(keyColumn(0));
    parameters.add(lower);
    parameters.add(width);
    return buckets(bucket, range, parameters);
  }

  /**
   * Bucket checksums of a range split at {@code boundaries} (keys in key order): bucket i holds the
   * keys from boundary i-1 (or the range's start) up to boundary i. The bucket is found by a binary
   * search written as nested CASEs, so each row costs about log2(buckets) comparisons.
   */
  BoundSql genericBuckets(KeyRange range, List<List<String>> boundaries) {
    List<Object> parameters = new ArrayList<>();
    String bucket = search(boundaries, 0, boundaries.size(), parameters);
    return buckets(bucket, range, parameters);
  }

  /** Bucket of keys between boundary {@code from - 1} and {@code to}: buckets from..to. */
  private String search(List<List<String>> boundaries, int from, int to, List<Object> parameters) {
    if (from == to) {
      return Integer.toString(from);
    }
    int middle = (from + to) / 2;
    StringBuilder sql = new StringBuilder("CASE WHEN ");
    sql.append(orderTuple()).append(" < ").append(placeholderTuple());
    bindKey(parameters, boundaries.get(middle));
    sql.append(" THEN ").append(search(boundaries, from, middle, parameters));
    sql.append(" ELSE ").append(search(boundaries, middle + 1, to, parameters));
    return sql.append(" END").toString();
  }

  private BoundSql buckets(String bucket, KeyRange range, List<Object> parameters) {
    String where = rangePredicate(range, parameters);
    List<ColumnSchema> java = javaColumns();
    if (java.isEmpty()) {
      return new BoundSql(
          "SELECT b, COUNT(*), SUM(h) FROM (SELECT "
              + bucket
              + " AS b, "
              + hash
              + " AS h FROM "
              + from
              + " WHERE "
              + where
              + ") r GROUP BY b",
          parameters);
    }
    StringJoiner select = new StringJoiner(", ");
    select.add(bucket).add(hash);
    for (int i = 0; i < columns.size(); i++) {
      if (inJava.get(i) || keyIndex.contains(i)) {
        select.add(quoted.get(i));
      }
    }
    return new BoundSql("SELECT " + select + " FROM " + from + " WHERE " + where, parameters);
  }

  /** Positions, among the compared columns, of those a streamed bucket query returns after b, h. */
  List<Integer> streamedColumns() {
    List<Integer> streamed = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (inJava.get(i) || keyIndex.contains(i)) {
        streamed.add(i);
      }
    }
    return streamed;
  }

  /** Every {@code step}-th key of the range in key order: boundaries splitting it evenly. */
  BoundSql sample(KeyRange range, long step) {
    List<Object> parameters = new ArrayList<>();
    String where = rangePredicate(range, parameters);
    StringJoiner keys = new StringJoiner(", ");
    StringJoiner order = new StringJoiner(", ");
    for (int k = 0; k < pair.keys.size(); k++) {
      keys.add(keyColumn(k));
      order.add(keyOrder(k));
    }
    parameters.add(step);
    return new BoundSql(
        "SELECT "
            + keys
            + " FROM (SELECT "
            + keys
            + ", ROW_NUMBER() OVER (ORDER BY "
            + order
            + ") AS rn FROM "
            + from
            + " WHERE "
            + where
            + ") s WHERE MOD(rn, ?) = 0 ORDER BY rn",
        parameters);
  }

  /** The compared columns of the rows in any of {@code ranges}. */
  BoundSql fetch(List<KeyRange> ranges) {
    List<Object> parameters = new ArrayList<>();
    StringJoiner where = new StringJoiner(" OR ");
    for (KeyRange range : ranges) {
      where.add("(" + rangePredicate(range, parameters) + ")");
    }
    return new BoundSql(
        "SELECT " + String.join(", ", quoted) + " FROM " + from + " WHERE " + where, parameters);
  }

  /** The compared columns of the rows with these keys (canonical texts). */
  BoundSql fetchKeys(List<List<String>> keys) {
    List<Object> parameters = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> placeholders = new ArrayList<>();
    for (int k = 0; k < pair.keys.size(); k++) {
      names.add(keyColumn(k));
      placeholders.add(valuePlaceholder(k));
    }
    StringJoiner in = new StringJoiner(", ");
    for (List<String> key : keys) {
      in.add(tuple(placeholders));
      for (int k = 0; k < key.size(); k++) {
        Object value = keyParameter(k, key.get(k));
        parameters.add(value);
      }
    }
    return new BoundSql(
        "SELECT "
            + String.join(", ", quoted)
            + " FROM "
            + from
            + " WHERE "
            + tuple(names)
            + " IN ("
            + in
            + ")",
        parameters);
  }
}
