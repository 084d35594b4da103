package io.lockstep.engine;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/** A target table's columns and primary key, as read from the target's catalog. */
public record TargetTable(
    String schema, String name, List<TargetColumn> columns, List<String> primaryKey)
    implements Serializable {

  public TargetTable {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
  }

  public Optional<TargetColumn> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  public String qualifiedName() {
    return schema + "." + name;
  }
}
