package io.lockstep.event;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A source table's identity, its columns in source order, and its key columns in key order.
 *
 * <p>A class rather than a record so that it can keep an index of its columns: every value of every
 * event is looked up by column name, on the capture and on the apply side.
 */
public final class TableSchema implements Serializable {

  private static final long serialVersionUID = 1L;

  private final TableId id;
  private final List<ColumnSchema> columns;
  private final List<String> keyColumns;
  private transient Map<String, ColumnSchema> byName;
  private transient int hash;

  public TableSchema(TableId id, List<ColumnSchema> columns, List<String> keyColumns) {
    this.id = Objects.requireNonNull(id, "id");
    this.columns = List.copyOf(columns);
    this.keyColumns = List.copyOf(keyColumns);
    index();
    for (String key : this.keyColumns) {
      if (index().get(key) == null) {
        throw new IllegalArgumentException(
            "key column '" + key + "' of table " + id + " is not among its columns");
      }
    }
  }

  public TableId id() {
    return id;
  }

  public List<ColumnSchema> columns() {
    return columns;
  }

  public List<String> keyColumns() {
    return keyColumns;
  }

  public Optional<ColumnSchema> column(String name) {
    return Optional.ofNullable(index().get(name));
  }

  private Map<String, ColumnSchema> index() {
    Map<String, ColumnSchema> index = byName;
    if (index == null) {
      // Built in the constructor, and again only after deserialization; an immutable map (final
      // fields) is safe to publish through this plain field even if two threads race here.
      Map<String, ColumnSchema> building = new HashMap<>(columns.size() * 2);
      for (ColumnSchema column : columns) {
        building.putIfAbsent(column.name(), column);
      }
      index = Map.copyOf(building);
      byName = index;
    }
    return index;
  }

  @Override
  public boolean equals(Object other) {
    return this == other
        || other instanceof TableSchema that
            && id.equals(that.id)
            && columns.equals(that.columns)
            && keyColumns.equals(that.keyColumns);
  }

  @Override
  public int hashCode() {
    // Cached: encoders look schemas up in a map once per event.
    int h = hash;
    if (h == 0) {
      h = Objects.hash(id, columns, keyColumns);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return "TableSchema[id=" + id + ", columns=" + columns + ", keyColumns=" + keyColumns + "]";
  }
}
