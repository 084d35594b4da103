package io.lockstep.engine;

/**
 * A source table a pipeline captures, as the start-up checks found it: its schema (the database on
 * MariaDB/MySQL), its name, and whether it has a primary key.
 */
public record CapturedTable(String schema, String name, boolean hasPrimaryKey) {

  /** {@code schema.table} ({@code database.table} on MariaDB/MySQL). */
  public String qualified() {
    return schema + "." + name;
  }
}
