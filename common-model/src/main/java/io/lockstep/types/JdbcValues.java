package io.lockstep.types;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * Reads a column value for {@link ValueNormaliser} in the form that loses nothing. Plain {@code
 * getObject} loses on both drivers: {@code java.sql.Time} keeps milliseconds only, {@code
 * java.sql.Timestamp} cannot hold a wall-clock time inside the JVM zone's daylight-saving gap, a
 * MariaDB {@code tinyint(1)} comes back as Boolean (so 5 reads as true), a YEAR as a date, and a
 * datetime holding a UTC time cannot be told from an instant. This reader asks the drivers for
 * java.time values and plain numbers instead, by the column's type on the side being read.
 */
public final class JdbcValues {

  private JdbcValues() {}

  /** The value of column {@code index} of the current row, read from an {@code engine} server. */
  public static Object read(ResultSet rs, int index, Engine engine) throws SQLException {
    String type = rs.getMetaData().getColumnTypeName(index).toLowerCase(Locale.ROOT);
    return switch (engine) {
      case POSTGRES -> postgres(rs, index, type);
      case MARIADB -> mariaDb(rs, index, type);
    };
  }

  private static Object postgres(ResultSet rs, int index, String type) throws SQLException {
    return switch (type) {
      case "timestamptz" -> typed(rs, index, OffsetDateTime.class);
      case "timestamp" -> typed(rs, index, LocalDateTime.class);
      case "date" -> typed(rs, index, LocalDate.class);
      case "time" -> typed(rs, index, LocalTime.class);
      // getObject gives a Time without its offset; the text keeps it ("12:15:30+02")
      case "timetz" -> rs.getString(index);
      // getObject gives a Double; getBigDecimal strips the currency formatting exactly
      case "money" -> rs.getBigDecimal(index);
      // getObject reads bit strings as booleans, which fails beyond one bit; the digits do not
      case "bit", "varbit" -> rs.getString(index);
      default -> rs.getObject(index);
    };
  }

  private static Object mariaDb(ResultSet rs, int index, String type) throws SQLException {
    return switch (type) {
      case "datetime" -> typed(rs, index, LocalDateTime.class);
      case "date" -> typed(rs, index, LocalDate.class);
      // negative and over-24-hour TIMEs are no LocalTime; their text is kept
      case "time" -> typed(rs, index, LocalTime.class);
      case "tinyint",
          "boolean",
          "bool",
          "smallint",
          "mediumint",
          "int",
          "integer",
          "bigint",
          "year" ->
          wholeNumber(rs, index);
      default -> rs.getObject(index);
    };
  }

  /** {@code getObject(index, type)}, or the column's text when the driver cannot convert it. */
  private static Object typed(ResultSet rs, int index, Class<?> type) throws SQLException {
    try {
      return rs.getObject(index, type);
    } catch (SQLException | RuntimeException e) {
      return rs.getString(index);
    }
  }

  /** Signed integer columns as Long (unsigned BIGINT, beyond long, as the driver's BigInteger). */
  private static Object wholeNumber(ResultSet rs, int index) throws SQLException {
    try {
      long value = rs.getLong(index);
      return rs.wasNull() ? null : value;
    } catch (SQLException e) {
      return rs.getObject(index);
    }
  }
}
