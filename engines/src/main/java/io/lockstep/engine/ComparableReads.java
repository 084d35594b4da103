package io.lockstep.engine;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a column value for {@link ValueNormaliser} in the form that loses nothing. Plain {@code
 * getObject} loses on both drivers: {@code java.sql.Time} keeps milliseconds only, {@code
 * java.sql.Timestamp} cannot hold a wall-clock time inside the JVM zone's daylight-saving gap, a
 * MariaDB {@code tinyint(1)} comes back as Boolean (so 5 reads as true), a YEAR as a date, and a
 * datetime holding a UTC time cannot be told from an instant. The engines' readers ({@link
 * DatabaseEngine#readComparable}) ask the drivers for java.time values and plain numbers instead,
 * by the column's type on the side being read.
 */
public final class ComparableReads {

  private ComparableReads() {}

  /** {@code getObject(index, type)}, or the column's text when the driver cannot convert it. */
  public static Object typed(ResultSet rs, int index, Class<?> type) throws SQLException {
    try {
      return rs.getObject(index, type);
    } catch (SQLException | RuntimeException e) {
      return rs.getString(index);
    }
  }

  /** Signed integer columns as Long (unsigned BIGINT, beyond long, as the driver's BigInteger). */
  public static Object wholeNumber(ResultSet rs, int index) throws SQLException {
    try {
      long value = rs.getLong(index);
      return rs.wasNull() ? null : value;
    } catch (SQLException e) {
      return rs.getObject(index);
    }
  }
}
