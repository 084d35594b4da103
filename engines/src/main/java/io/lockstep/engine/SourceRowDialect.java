package io.lockstep.engine;

import io.lockstep.event.ColumnSchema;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads source columns as the capture types them in change events ({@link ColumnType}), so that a
 * row read by key is the image a snapshot read of it would carry. Each engine has one query
 * expression and one reader per type (its implementation of this interface); both are chosen so
 * that nothing depends on the session (time zone, IntervalStyle) or on the driver's transfer
 * format.
 */
public interface SourceRowDialect {

  /** The select-list expression reading {@code column} ({@code quoted} is its quoted name). */
  String selectExpression(ColumnSchema column, String quoted);

  /** The event value of {@code column} at {@code index} of the current row. */
  Object read(ResultSet rs, int index, ColumnSchema column) throws SQLException;
}
