package io.lockstep.recovery.service.pipeline;

import java.util.List;

/**
 * A source table the pipeline replicates.
 *
 * @param name {@code schema.table} ({@code database.table} on MariaDB/MySQL), as the API names it
 * @param keyColumns the columns that identify a row: the primary key or {@code source.key-columns}
 * @param columns every replicated column
 */
public record KnownTable(String name, List<String> keyColumns, List<String> columns) {

  public KnownTable {
    keyColumns = List.copyOf(keyColumns);
    columns = List.copyOf(columns);
  }

  public String schema() {
    return name.substring(0, name.indexOf('.'));
  }

  public String table() {
    return name.substring(name.indexOf('.') + 1);
  }
}
