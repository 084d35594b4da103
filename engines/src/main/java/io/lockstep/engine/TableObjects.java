package io.lockstep.engine;

import java.util.List;
import java.util.Map;

/**
 * What a source table has besides its columns and primary key, as its catalog describes it: indexes
 * and unique constraints, check constraints, foreign keys, generated columns and comments. {@code
 * lockstep schema} recreates on the target what translates ({@link SchemaDdl}). Expressions are the
 * source catalog's own text.
 */
public record TableObjects(
    List<Index> indexes,
    List<Check> checks,
    List<ForeignKey> foreignKeys,
    Map<String, Generated> generated,
    String comment,
    Map<String, String> columnComments) {

  public TableObjects {
    indexes = List.copyOf(indexes);
    checks = List.copyOf(checks);
    foreignKeys = List.copyOf(foreignKeys);
    generated = Map.copyOf(generated);
    columnComments = Map.copyOf(columnComments);
  }

  public static TableObjects none() {
    return new TableObjects(List.of(), List.of(), List.of(), Map.of(), null, Map.of());
  }

  /**
   * An index other than the primary key's.
   *
   * @param constraint whether it is a unique constraint (not only a unique index)
   * @param method the access method as the source names it ({@code btree}, {@code gin}, MariaDB's
   *     {@code FULLTEXT}); indexes of any method but btree stay on their engine
   * @param predicate the WHERE of a partial index (PostgreSQL), else null
   */
  public record Index(
      String name,
      List<IndexPart> parts,
      boolean unique,
      boolean constraint,
      String method,
      String predicate) {

    public Index {
      parts = List.copyOf(parts);
    }

    /** Whether every part is a whole column. */
    public boolean plain() {
      return parts.stream().allMatch(IndexPart::plain);
    }
  }

  /**
   * One part of an index: a whole column ({@code column} set), a prefix of one ({@code
   * prefixLength}, MariaDB/MySQL), or an expression ({@code expression} set, column null).
   */
  public record IndexPart(String column, String expression, Integer prefixLength) {

    public static IndexPart of(String column) {
      return new IndexPart(column, null, null);
    }

    public boolean plain() {
      return column != null && prefixLength == null;
    }
  }

  /** A check constraint; {@code expression} without the CHECK keyword. */
  public record Check(String name, String expression) {}

  /**
   * A foreign key to {@code refSchema.refTable} ({@code refSchema} is the database on
   * MariaDB/MySQL); {@code onDelete}/{@code onUpdate} as SQL words ({@code CASCADE}, {@code SET
   * NULL}, {@code NO ACTION}).
   */
  public record ForeignKey(
      String name,
      List<String> columns,
      String refSchema,
      String refTable,
      List<String> refColumns,
      String onDelete,
      String onUpdate) {

    public ForeignKey {
      columns = List.copyOf(columns);
      refColumns = List.copyOf(refColumns);
    }
  }

  /** A generated column's expression, and whether its value is stored (else virtual). */
  public record Generated(String expression, boolean stored) {}
}
