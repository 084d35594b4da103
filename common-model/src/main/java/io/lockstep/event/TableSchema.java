package io.lockstep.event;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A source table's identity, its columns in source order, and its key columns in key order. */
public record TableSchema(TableId id, List<ColumnSchema> columns, List<String> keyColumns)
    implements Serializable {

  public TableSchema {
    Objects.requireNonNull(id, "id");
    columns = List.copyOf(columns);
    keyColumns = List.copyOf(keyColumns);
    for (String key : keyColumns) {
      if (columns.stream().noneMatch(c -> c.name().equals(key))) {
        throw new IllegalArgumentException(
            "key column '" + key + "' of table " + id + " is not among its columns");
      }
    }
  }

  public Optional<ColumnSchema> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
