package io.lockstep.engine.mariadb;

import static io.lockstep.engine.ComparableReads.typed;
import static io.lockstep.engine.ComparableReads.wholeNumber;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;

/**
 * A MariaDB/MySQL column value for comparison, in the form that loses nothing ({@code
 * ComparableReads}).
 */
final class MariaDbComparableValues {

  private MariaDbComparableValues() {}

  static Object read(ResultSet rs, int index) throws SQLException {
    String type = rs.getMetaData().getColumnTypeName(index).toLowerCase(Locale.ROOT);
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
}
