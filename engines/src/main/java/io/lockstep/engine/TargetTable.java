package io.lockstep.engine;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A target table's columns and the key rows are written by, as read from the target's catalog.
 *
 * @param primaryKey the key the apply upserts and deletes by: as described, the table's primary key
 *     (empty when it has none); after {@link #keyedBy}, the primary key or the unique key that
 *     covers the source's key columns
 * @param uniqueKeys the table's other unique keys that can arbitrate an upsert: unique constraints
 *     and unique indexes on plain columns, neither partial nor deferrable, each in index order
 */
public record TargetTable(
    String schema,
    String name,
    List<TargetColumn> columns,
    List<String> primaryKey,
    List<List<String>> uniqueKeys)
    implements Serializable {

  public TargetTable {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
  }

  /** A table with no unique key besides its primary key. */
  public TargetTable(
      String schema, String name, List<TargetColumn> columns, List<String> primaryKey) {
    this(schema, name, columns, primaryKey, List.of());
  }

  public Optional<TargetColumn> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  public String qualifiedName() {
    return schema + "." + name;
  }

  /**
   * This table keyed by {@code keyColumns} (the source's key, in any order): itself when its
   * primary key has exactly those columns, else keyed by the unique key that has exactly those
   * columns, all NOT NULL; empty when neither exists.
   *
   * <p>Why NOT NULL: a unique key lets several rows hold NULL in it, so an upsert of a row whose
   * key holds a NULL never conflicts (each update would add a row) and a delete by {@code key =
   * NULL} matches nothing. With NOT NULL, such a row is refused by the target and dead-lettered
   * with the reason, as it would be under a primary key.
   */
  public Optional<TargetTable> keyedBy(List<String> keyColumns) {
    HashSet<String> wanted = new HashSet<>(keyColumns);
    if (!primaryKey.isEmpty() && new HashSet<>(primaryKey).equals(wanted)) {
      return Optional.of(this);
    }
    for (List<String> unique : uniqueKeys) {
      boolean notNull =
          unique.stream().allMatch(c -> column(c).map(col -> !col.nullable()).orElse(false));
      if (notNull && new HashSet<>(unique).equals(wanted)) {
        return Optional.of(new TargetTable(schema, name, columns, unique, uniqueKeys));
      }
    }
    return Optional.empty();
  }

  /** What {@link #keyedBy} needs, for an error that tells the operator how to fix the table. */
  public String keyProblem(List<String> keyColumns) {
    return "target table "
        + qualifiedName()
        + " has primary key "
        + primaryKey
        + " and unique keys "
        + uniqueKeys
        + " but the source's key is "
        + keyColumns
        + ". Lockstep upserts on the key: give the target a PRIMARY KEY, or a UNIQUE constraint"
        + " (not partial, not deferrable) on exactly those columns, declared NOT NULL.";
  }
}
