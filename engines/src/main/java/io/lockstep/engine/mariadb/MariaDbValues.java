package io.lockstep.engine.mariadb;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.lockstep.engine.TargetColumn;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.ValueCodec;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Binds Lockstep's typed values (see {@link ColumnType}) for MariaDB/MySQL columns.
 *
 * <p>Values keep their own JDBC type and the server converts them on assignment, refusing in strict
 * SQL mode what a column cannot hold. What the server would accept but alter is refused here
 * instead, with an {@link SQLDataException} (class 22: the apply job dead-letters the row):
 *
 * <ul>
 *   <li>NaN and the infinities (float, double, PostgreSQL's numeric), which no MariaDB number
 *       column holds;
 *   <li>a number with a fraction for an integer column (the server would round it);
 *   <li>a timestamp for a {@code date} column unless at midnight, or for a {@code time} column (the
 *       server would drop the time of day, or the date);
 *   <li>dates outside years 1 to 9999.
 * </ul>
 *
 * <p>A text column ({@code varchar}, {@code text}, {@code enum}, MySQL's {@code json}, …) receives
 * the value's text, as {@code PostgresText} spells it for PostgreSQL: {@code true}, {@code 1.50},
 * {@code 2024-05-01T10:00:00.000000}, an array as a JSON array. So a text column holds NaN too.
 *
 * <p>Not checked, because the catalog's {@code DATA_TYPE} carries no length or precision: a decimal
 * with more fractional digits than its column has is rounded, and fractional seconds beyond the
 * column's are cut. Tables created by Lockstep have columns that hold every source value.
 */
final class MariaDbValues {

  private static final Set<String> TEXT_TYPES =
      Set.of(
          "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json");

  private static final Set<String> INTEGER_TYPES =
      Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year", "bit");

  private MariaDbValues() {}

  static void bind(
      PreparedStatement statement,
      int index,
      TargetColumn target,
      ColumnSchema source,
      Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, nullType(source.type()));
      return;
    }
    String targetType = target.typeName();
    if (TEXT_TYPES.contains(targetType) && !(value instanceof byte[])) {
      statement.setString(index, text(value));
    } else if (value instanceof String text) {
      if (source.type() == ColumnType.DECIMAL) {
        statement.setBigDecimal(index, finiteDecimal(target, text));
      } else {
        statement.setString(index, text);
      }
    } else if (value instanceof Boolean b) {
      statement.setBoolean(index, b);
    } else if (value instanceof Short s) {
      statement.setShort(index, s);
    } else if (value instanceof Integer i) {
      statement.setInt(index, i);
    } else if (value instanceof Long l) {
      statement.setLong(index, l);
    } else if (value instanceof Float f) {
      requireFinite(target, Float.isFinite(f), f);
      requireWhole(target, f % 1 == 0, f);
      bindFloatingPoint(statement, index, f.doubleValue());
    } else if (value instanceof Double d) {
      requireFinite(target, Double.isFinite(d), d);
      requireWhole(target, d % 1 == 0, d);
      bindFloatingPoint(statement, index, d);
    } else if (value instanceof BigDecimal d) {
      requireWhole(target, d.signum() == 0 || d.stripTrailingZeros().scale() <= 0, d);
      statement.setBigDecimal(index, d);
    } else if (value instanceof byte[] bytes) {
      statement.setBytes(index, bytes);
    } else if (value instanceof UUID uuid) {
      statement.setString(index, uuid.toString());
    } else if (value instanceof LocalDate date) {
      requireYear(target, date.getYear(), date);
      statement.setObject(index, date);
    } else if (value instanceof LocalTime time) {
      statement.setObject(index, time);
    } else if (value instanceof LocalDateTime timestamp) {
      bindTimestamp(statement, index, target, timestamp, timestamp);
    } else if (value instanceof Instant instant) {
      LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
      bindTimestamp(statement, index, target, utc, instant);
    } else if (value instanceof List<?> list) {
      statement.setString(index, jsonArray(list));
    } else {
      throw new SQLException(
          "column "
              + target.name()
              + ": cannot bind a "
              + value.getClass().getName()
              + " for MariaDB (source type "
              + source.type()
              + "); this is a Lockstep bug, please report it",
          "HY004");
    }
  }

  /**
   * An instant as its UTC wall time. The session's time zone is UTC (the JDBC URL sets it), so a
   * {@code timestamp} column stores the same instant and a {@code datetime} column its UTC time. A
   * {@link LocalDateTime} goes to the server as it is, where a {@code java.sql.Timestamp} would be
   * shifted by the JVM's time zone.
   */
  /**
   * The driver sends parameters as SQL text, where {@code -0.0} is a decimal literal that the
   * server reads as 0: a negative zero goes as the string {@code -0E0}, which converts to a double
   * -0.
   */
  private static void bindFloatingPoint(PreparedStatement statement, int index, double value)
      throws SQLException {
    if (value == 0 && Double.doubleToRawLongBits(value) != 0) {
      statement.setString(index, "-0E0");
    } else {
      // A float widened to double is the same number; the server narrows it back exactly.
      statement.setDouble(index, value);
    }
  }

  static void bindUtc(PreparedStatement statement, int index, Instant instant) throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP);
    } else {
      statement.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
  }

  private static void bindTimestamp(
      PreparedStatement statement,
      int index,
      TargetColumn target,
      LocalDateTime timestamp,
      Object value)
      throws SQLException {
    requireYear(target, timestamp.getYear(), value);
    String type = target.typeName();
    if (type.equals("date") && !timestamp.toLocalTime().equals(LocalTime.MIDNIGHT)) {
      throw refused(target, value, "22008", "a date column would drop its time of day");
    }
    if (type.equals("time")) {
      throw refused(target, value, "22008", "a time column would drop its date");
    }
    statement.setObject(index, timestamp);
  }

  private static int nullType(ColumnType type) {
    return switch (type) {
      case BOOLEAN -> Types.BOOLEAN;
      case INT16 -> Types.SMALLINT;
      case INT32 -> Types.INTEGER;
      case INT64 -> Types.BIGINT;
      case FLOAT32 -> Types.REAL;
      case FLOAT64 -> Types.DOUBLE;
      case DECIMAL -> Types.DECIMAL;
      case BYTES -> Types.VARBINARY;
      case DATE -> Types.DATE;
      case TIME -> Types.TIME;
      case TIMESTAMP, TIMESTAMPTZ -> Types.TIMESTAMP;
      default -> Types.VARCHAR;
    };
  }

  /** PostgreSQL's NaN and infinite numerics arrive as text; a finite one would be a BigDecimal. */
  private static BigDecimal finiteDecimal(TargetColumn target, String text) throws SQLException {
    BigDecimal decimal;
    try {
      decimal = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw nonFinite(target, text);
    }
    requireWhole(
        target, decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0, decimal);
    return decimal;
  }

  private static void requireFinite(TargetColumn target, boolean finite, Object value)
      throws SQLDataException {
    if (!finite) {
      throw nonFinite(target, value);
    }
  }

  private static SQLDataException nonFinite(TargetColumn target, Object value) {
    return refused(
        target,
        value,
        "22003",
        "MariaDB and MySQL number columns hold no NaN or infinity; make the target column a text"
            + " type to keep such values");
  }

  private static void requireWhole(TargetColumn target, boolean whole, Object value)
      throws SQLDataException {
    if (!whole && INTEGER_TYPES.contains(target.typeName())) {
      throw refused(
          target,
          value,
          "22003",
          "the "
              + target.typeName()
              + " column would round its fraction; make it a decimal, float or double column");
    }
  }

  private static void requireYear(TargetColumn target, int year, Object value)
      throws SQLDataException {
    if (year < 1 || year > 9999) {
      throw refused(
          target,
          value,
          "22008",
          "MariaDB and MySQL dates range over years 1 to 9999; make the target column a text"
              + " type to keep such values");
    }
  }

  private static SQLDataException refused(
      TargetColumn target, Object value, String sqlState, String why) {
    return new SQLDataException(
        "column " + target.name() + " cannot take the value " + text(value) + ": " + why, sqlState);
  }

  /** The value's text, as {@code PostgresText} spells it. */
  private static String text(Object value) {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    } else if (value instanceof LocalTime t) {
      return ValueCodec.formatTime(t);
    } else if (value instanceof LocalDateTime t) {
      // PostgreSQL's infinities, spelled as PostgreSQL and the comparison spell them.
      return t.equals(LocalDateTime.MAX)
          ? "infinity"
          : t.equals(LocalDateTime.MIN) ? "-infinity" : ValueCodec.formatTimestamp(t);
    } else if (value instanceof java.time.LocalDate d
        && (d.equals(java.time.LocalDate.MAX) || d.equals(java.time.LocalDate.MIN))) {
      return d.equals(java.time.LocalDate.MAX) ? "infinity" : "-infinity";
    } else if (value instanceof Instant i) {
      return ValueCodec.formatInstant(i);
    } else if (value instanceof List<?> list) {
      return jsonArray(list);
    }
    return String.valueOf(value);
  }

  /**
   * A JSON array of the elements, rendered by their Java class: booleans and finite numbers as JSON
   * booleans and numbers (decimals in plain notation, scale kept), everything else as strings:
   * text, NaN and the infinities, temporals as ISO-8601 text with six fractional digits (as on the
   * wire), binary as base64 (as on the wire).
   */
  static String jsonArray(List<?> elements) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      appendJson(json, elements.get(i));
    }
    return json.append(']').toString();
  }

  private static void appendJson(StringBuilder json, Object element) {
    if (element == null) {
      json.append("null");
    } else if (element instanceof Boolean
        || element instanceof Short
        || element instanceof Integer
        || element instanceof Long) {
      json.append(element);
    } else if (element instanceof Float f && Float.isFinite(f)) {
      json.append(f);
    } else if (element instanceof Double d && Double.isFinite(d)) {
      json.append(d);
    } else if (element instanceof BigDecimal d) {
      json.append(d.toPlainString());
    } else if (element instanceof List<?> list) {
      json.append(jsonArray(list));
    } else if (element instanceof byte[] bytes) {
      appendJsonString(json, Base64.getEncoder().encodeToString(bytes));
    } else {
      appendJsonString(json, text(element));
    }
  }

  private static void appendJsonString(StringBuilder json, String text) {
    json.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text)).append('"');
  }
}
