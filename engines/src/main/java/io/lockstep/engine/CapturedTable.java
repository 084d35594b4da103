package io.lockstep.engine;

import io.lockstep.types.Engine;

/**
 * A source table a pipeline captures, as the start-up checks found it: its schema (the database on
 * MariaDB/MySQL), its name, and whether it has a primary key.
 */
public record CapturedTable(String schema, String name, boolean hasPrimaryKey) {

  /** {@code schema.table} ({@code database.table} on MariaDB/MySQL), for people to read. */
  public String qualified() {
    return schema + "." + name;
  }

  /** The name quoted for SQL on {@code engine}, for statements a message tells someone to run. */
  public String sqlName(Engine engine) {
    return engine.quote(schema) + "." + engine.quote(name);
  }
}
