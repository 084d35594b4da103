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

  /** {@code database.schema.table}: the part of a Kafka topic name after the prefix. */
  public String qualifiedName() {
    return database + "." + schemaQualifiedName();
  }

  /** The Kafka topic carrying this table's changes (design decision 2). */
  public String topic(String topicPrefix) {
    return topicPrefix + "." + qualifiedName();
  }

  @Override
  public String toString() {
    return qualifiedName();
  }
}
