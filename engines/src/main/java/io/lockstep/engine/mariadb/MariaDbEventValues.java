package io.lockstep.engine.mariadb;

import io.lockstep.engine.SourceRowDialect;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MariaDB/MySQL source rows read as their change events carry them ({@link SourceRowDialect}). */
final class MariaDbEventValues implements SourceRowDialect {

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /** MariaDB/MySQL spatial types, which the capture carries as the hex of their WKB. */
  private static final Set<String> SPATIAL =
      Set.of(
          "GEOMETRY",
          "POINT",
          "LINESTRING",
          "POLYGON",
          "MULTIPOINT",
          "MULTILINESTRING",
          "MULTIPOLYGON",
          "GEOMETRYCOLLECTION");

  /** MySQL's {@code TIME} text: sign, hours of any length, minutes, seconds, fraction. */
  private static final Pattern MYSQL_TIME =
      Pattern.compile("(-)?(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?");

  @Override
  public String selectExpression(ColumnSchema column, String quoted) {
    if (column.type() == ColumnType.TIMESTAMPTZ) {
      // The stored instant, whatever the session's time zone.
      return "UNIX_TIMESTAMP(" + quoted + ")";
    }
    if (column.type() == ColumnType.OTHER && SPATIAL.contains(column.nativeType())) {
      return "LOWER(HEX(ST_AsWKB(" + quoted + ")))";
    }
    return quoted;
  }

  @Override
  public Object read(ResultSet rs, int index, ColumnSchema column) throws SQLException {
    Object value =
        switch (column.type()) {
          // Not getBoolean: the driver may read BIT(1) as bytes or a number.
          case BOOLEAN -> rs.getObject(index);
          case INT16, INT32, INT64 -> rs.getLong(index);
          case FLOAT32 -> rs.getFloat(index);
          case FLOAT64 -> rs.getDouble(index);
          case DECIMAL, TIMESTAMPTZ -> rs.getBigDecimal(index);
          case BYTES -> rs.getBytes(index);
          default -> rs.getString(index);
        };
    if (rs.wasNull() || value == null) {
      return null;
    }
    return switch (column.type()) {
      case BOOLEAN -> mariaDbBoolean(value);
      case INT16 -> (short) (long) (Long) value;
      case INT32 -> (int) (long) (Long) value;
      case BYTES -> isBits(column) ? bits((byte[]) value, column.length()) : value;
      case UUID -> java.util.UUID.fromString((String) value);
      case DATE -> LocalDate.parse((String) value);
      case TIME -> mysqlTime((String) value);
      case TIMESTAMP -> LocalDateTime.parse(((String) value).replace(' ', 'T'));
      case TIMESTAMPTZ -> epochSeconds((BigDecimal) value);
      default -> value;
    };
  }

  private static boolean isBits(ColumnSchema column) {
    String type = column.nativeType().toLowerCase(Locale.ROOT);
    return type.equals("bit") || type.equals("varbit");
  }

  private static Boolean mariaDbBoolean(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.longValue() != 0;
    }
    if (value instanceof byte[] bytes) {
      for (byte b : bytes) {
        if (b != 0) {
          return true;
        }
      }
      return false;
    }
    return !value.toString().equals("0");
  }

  /** {@code BIT(n)} in {@code (n + 7) / 8} bytes, big-endian, as the capture carries it. */
  static byte[] bits(byte[] bigEndian, Integer bits) {
    int size = bits == null ? bigEndian.length : Math.max(bigEndian.length, (bits + 7) / 8);
    if (size == bigEndian.length) {
      return bigEndian;
    }
    byte[] padded = new byte[size];
    System.arraycopy(bigEndian, 0, padded, size - bigEndian.length, bigEndian.length);
    return padded;
  }

  /** An instant from {@code UNIX_TIMESTAMP}'s seconds, to the microsecond. */
  static Instant epochSeconds(BigDecimal seconds) {
    BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
    long nanos = seconds.subtract(whole).movePointRight(9).longValue();
    return Instant.ofEpochSecond(whole.longValueExact(), nanos);
  }

  /**
   * A MariaDB/MySQL {@code TIME} as the capture carries it: a {@link LocalTime} within a day, else
   * MySQL's text of the duration ({@code -838:59:59}, {@code 100:00:00.500000}), which the event
   * types {@link ColumnType#OTHER}.
   */
  static Object mysqlTime(String text) {
    Matcher m = MYSQL_TIME.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a MariaDB/MySQL TIME: '" + text + "'");
    }
    long seconds =
        Long.parseLong(m.group(2)) * 3600
            + Long.parseLong(m.group(3)) * 60
            + Long.parseLong(m.group(4));
    long fraction = m.group(5) == null ? 0 : Long.parseLong((m.group(5) + "00000").substring(0, 6));
    long micros = seconds * 1_000_000L + fraction;
    if (m.group(1) != null) {
      micros = -micros;
    }
    if (micros >= 0 && micros < MICROS_PER_DAY) {
      return LocalTime.ofNanoOfDay(micros * 1_000L);
    }
    return MySqlTimeText.of(micros);
  }
}
