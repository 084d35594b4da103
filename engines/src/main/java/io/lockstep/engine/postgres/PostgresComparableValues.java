package io.lockstep.engine.postgres;

import static io.lockstep.engine.ComparableReads.typed;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * A PostgreSQL column value for comparison, in the form that loses nothing ({@code
 * ComparableReads}).
 */
final class PostgresComparableValues {

  private PostgresComparableValues() {}

  static Object read(ResultSet rs, int index) throws SQLException {
    String type = rs.getMetaData().getColumnTypeName(index).toLowerCase(Locale.ROOT);
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
}
