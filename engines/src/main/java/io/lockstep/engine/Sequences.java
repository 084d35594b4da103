package io.lockstep.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * One engine's sequences of a table, as cutover aligns them: PostgreSQL's sequences owned by a
 * table's columns (serial and identity), MariaDB's/MySQL's AUTO_INCREMENT column. Table names come
 * from the pipeline's catalog and {@code target.table-renames}, never from a caller.
 */
public interface Sequences {

  /**
   * The columns of {@code schema.table} that own a sequence, in catalog order, each to the last
   * value its sequence gave, or to null when it gave none.
   */
  Map<String, Long> lastValues(Connection connection, String schema, String table)
      throws SQLException;

  /** Sets the sequence of {@code column} so that {@code lastValue} is the last value it gave. */
  void setLastValue(
      Connection connection, String schema, String table, String column, long lastValue)
      throws SQLException;
}
