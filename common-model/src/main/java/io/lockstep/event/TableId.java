package io.lockstep.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * Identifies a table in a source or target database. {@code schema} is empty for engines without
 * schemas inside a database (MySQL, MariaDB).
 */
public record TableId(String database, String schema, String table) implements Serializable {

  public TableId {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(table, "table");
    schema = schema == null ? "" : schema;
  }

  /** {@code schema.table}, or just {@code table} where there is no schema. */
  public String schemaQualifiedName() {
    return schema.isEmpty() ? table : schema + "." + table;
  }

  /**
   * {@code database.schema.table} as written, for messages, metrics and failed-rows records. Not a
   * topic name: {@code PipelineTopics.changes} encodes each part for Kafka.
   */
  public String qualifiedName() {
    return database + "." + schemaQualifiedName();
  }

  @Override
  public String toString() {
    return qualifiedName();
  }
}
