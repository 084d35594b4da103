package io.lockstep.recovery.service.pipeline;

import java.util.SortedSet;

/** A table name the pipeline configuration does not know; the API answers 400. */
public class UnknownTableException extends RuntimeException {

  private final transient SortedSet<String> known;

  public UnknownTableException(String table, SortedSet<String> known) {
    super(
        "Table '"
            + table
            + "' is not replicated by this pipeline. Known tables: "
            + (known.isEmpty() ? "(none)" : String.join(", ", known))
            + ". Name a table as schema.table (database.table on MariaDB/MySQL).");
    this.known = known;
  }

  public SortedSet<String> known() {
    return known;
  }
}
