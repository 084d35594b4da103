package io.lockstep.event;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The versioned envelope of one row change (design decision 1). Values in {@link #key}, {@link
 * #before} and {@link #after} are typed as {@link ColumnType} says for their column; maps keep the
 * column order of the schema (key order for {@link #key}).
 *
 * @param version envelope version, {@link #CURRENT_VERSION} for events written by this build
 * @param operation what happened
 * @param schema the source table's schema when the change was read
 * @param key primary-key values
 * @param before the row before the change, where the source provides it; otherwise null
 * @param after the row after the change; null for deletes
 * @param commitTime when the source committed the change (snapshot reads: when the snapshot ran)
 * @param position a source position that orders changes of one key; compared as a string (see
 *     {@link SourcePosition})
 * @param transactionId the source transaction, where known; otherwise null
 * @param origin who wrote the event to the change topic when it was not the capture: {@link
 *     #ORIGIN_FORCE_SYNC} for a row image the recovery service re-read from the source to repair
 *     the row (the apply job then writes it with the force-sync origin and releases the key if it
 *     was parked); null for captured changes
 */
public record ChangeEvent(
    int version,
    Operation operation,
    TableSchema schema,
    Map<String, Object> key,
    Map<String, Object> before,
    Map<String, Object> after,
    Instant commitTime,
    String position,
    String transactionId,
    String origin)
    implements Serializable {

  public static final int CURRENT_VERSION = 1;

  /** The {@link #origin} of an image written by the recovery service's force-sync. */
  public static final String ORIGIN_FORCE_SYNC = "F";

  /** A captured change. */
  public ChangeEvent(
      int version,
      Operation operation,
      TableSchema schema,
      Map<String, Object> key,
      Map<String, Object> before,
      Map<String, Object> after,
      Instant commitTime,
      String position,
      String transactionId) {
    this(version, operation, schema, key, before, after, commitTime, position, transactionId, null);
  }

  public ChangeEvent {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(commitTime, "commitTime");
    Objects.requireNonNull(position, "position");
    key = immutable(Objects.requireNonNull(key, "key"));
    before = before == null ? null : immutable(before);
    after = after == null ? null : immutable(after);
    if (operation == Operation.TRUNCATE) {
      requireTruncateShape(schema, key, before, after);
    } else if (operation == Operation.DELETE ? after != null : after == null) {
      throw new IllegalArgumentException(
          operation
              + " event for "
              + schema.id()
              + " must "
              + (after == null ? "" : "not ")
              + "carry an after image");
    }
  }

  public static ChangeEvent snapshotRead(
      TableSchema schema, Map<String, Object> after, Instant readTime, String position) {
    return new ChangeEvent(
        CURRENT_VERSION,
        Operation.SNAPSHOT_READ,
        schema,
        keyOf(schema, after),
        null,
        after,
        readTime,
        position,
        null);
  }

  public static ChangeEvent insert(
      TableSchema schema,
      Map<String, Object> after,
      Instant commitTime,
      String position,
      String tx) {
    return new ChangeEvent(
        CURRENT_VERSION,
        Operation.INSERT,
        schema,
        keyOf(schema, after),
        null,
        after,
        commitTime,
        position,
        tx);
  }

  public static ChangeEvent update(
      TableSchema schema,
      Map<String, Object> before,
      Map<String, Object> after,
      Instant commitTime,
      String position,
      String tx) {
    return new ChangeEvent(
        CURRENT_VERSION,
        Operation.UPDATE,
        schema,
        keyOf(schema, after),
        before,
        after,
        commitTime,
        position,
        tx);
  }

  public static ChangeEvent delete(
      TableSchema schema,
      Map<String, Object> before,
      Instant commitTime,
      String position,
      String tx) {
    return new ChangeEvent(
        CURRENT_VERSION,
        Operation.DELETE,
        schema,
        keyOf(schema, before),
        before,
        null,
        commitTime,
        position,
        tx);
  }

  /**
   * A {@code TRUNCATE} of {@code table}: it has no key and no row images, and its schema has no
   * columns (a truncate names a table, not rows).
   */
  public static ChangeEvent truncate(
      TableId table, Instant commitTime, String position, String tx) {
    return new ChangeEvent(
        CURRENT_VERSION,
        Operation.TRUNCATE,
        new TableSchema(table, List.of(), List.of()),
        Map.of(),
        null,
        null,
        commitTime,
        position,
        tx);
  }

  /** Refuses a truncate of any other shape: a forged one could carry rows or a key. */
  private static void requireTruncateShape(
      TableSchema schema,
      Map<String, Object> key,
      Map<String, Object> before,
      Map<String, Object> after) {
    if (!key.isEmpty()
        || before != null
        || after != null
        || !schema.columns().isEmpty()
        || !schema.keyColumns().isEmpty()) {
      throw new IllegalArgumentException(
          "TRUNCATE event for "
              + schema.id()
              + " must carry no key, no before or after image and no columns");
    }
  }

  public TableId table() {
    return schema.id();
  }

  /** This change, marked as written by {@code origin} (see {@link #origin}). */
  public ChangeEvent withOrigin(String origin) {
    return new ChangeEvent(
        version,
        operation,
        schema,
        key,
        before,
        after,
        commitTime,
        position,
        transactionId,
        origin);
  }

  public boolean isDelete() {
    return operation == Operation.DELETE;
  }

  public boolean isTruncate() {
    return operation == Operation.TRUNCATE;
  }

  /** The primary-key values of a row image, in key order. */
  public static Map<String, Object> keyOf(TableSchema schema, Map<String, Object> row) {
    if (row == null) {
      throw new IllegalArgumentException("no row image to take the key of table " + schema.id());
    }
    Map<String, Object> key = new LinkedHashMap<>();
    for (String column : schema.keyColumns()) {
      if (!row.containsKey(column)) {
        throw new IllegalArgumentException(
            "row of table " + schema.id() + " lacks key column '" + column + "'");
      }
      key.put(column, row.get(column));
    }
    return key;
  }

  private static Map<String, Object> immutable(Map<String, Object> values) {
    // LinkedHashMap keeps column order and, unlike Map.copyOf, allows NULL values.
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
