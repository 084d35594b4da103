package io.lockstep.signal;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.event.TableId;
import io.lockstep.types.Engine;
import java.io.Serializable;
import java.util.Optional;

/**
 * The Debezium signaling table of a pipeline ({@code source.signal-table}). Debezium reads the
 * signals sent to it from the change stream, and writes the watermarks that open and close each
 * chunk window of an incremental snapshot into it, so it must be in the source database, captured,
 * and writable by the capture user.
 *
 * @param schema the schema on PostgreSQL, the database on MariaDB/MySQL
 */
public record SignalTable(Engine engine, String schema, String table) implements Serializable {

  /** The signaling table {@code config} names, if any. */
  public static Optional<SignalTable> of(PipelineConfig config) {
    String name = config.get(PipelineOptions.SOURCE_SIGNAL_TABLE);
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String trimmed = name.trim();
    int dot = trimmed.indexOf('.');
    return Optional.of(
        new SignalTable(
            config.sourceEngine(), trimmed.substring(0, dot), trimmed.substring(dot + 1)));
  }

  /**
   * {@code schema.table} ({@code database.table}): the pipeline option's form, and also Debezium's
   * {@code signal.data.collection} form for both connectors.
   */
  public String qualified() {
    return schema + "." + table;
  }

  /** A {@code table.include.list} pattern that matches this table and nothing else. */
  public String includePattern() {
    // Names are plain identifiers (the option's rule); '$' is their only regex character.
    return schema.replace("$", "\\$") + "\\." + table.replace("$", "\\$");
  }

  /** Whether a captured change is of this table (as the record converters name tables). */
  public boolean holds(TableId id) {
    return id.table().equals(table)
        && (engine.schemaIsDatabase() ? id.database() : id.schema()).equals(schema);
  }

  /** The table name quoted for SQL on its engine. */
  public String sqlName() {
    return engine.quote(schema) + "." + engine.quote(table);
  }

  /**
   * The statement that creates the table in the layout Debezium reads: the signal id, its type and
   * its JSON data, in this order. Ids are UUIDs, with {@code -open}/{@code -close} appended for
   * watermarks.
   */
  public String createTableSql() {
    return "CREATE TABLE "
        + sqlName()
        + " (id "
        + engine.typeName("varchar(64)")
        + " PRIMARY KEY, type "
        + engine.typeName("varchar(32)")
        + " NOT NULL, data "
        + engine.typeName("text")
        + ")";
  }
}
