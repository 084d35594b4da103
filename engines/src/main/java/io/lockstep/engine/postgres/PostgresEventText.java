package io.lockstep.engine.postgres;

import io.lockstep.event.ColumnType;
import io.lockstep.event.ValueCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's text output of a value (DateStyle ISO, which pgjdbc requires) turned into the value
 * a change event of the capture carries for it. Source rows are read as text on purpose: text is
 * what the server says, whatever the driver would make of binary transfers, five-digit years or BC
 * dates.
 */
final class PostgresEventText {

  /** {@code 2024-02-29}, {@code 20000-01-01}, then the time and offset, then {@code BC}. */
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "(\\d{4,})-(\\d{2})-(\\d{2})"
              + "(?: (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?)?"
              + "([-+]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)?"
              + "( BC)?");

  private PostgresEventText() {}

  /** The event value of one PostgreSQL text, for a column (or array element) of {@code type}. */
  static Object value(ColumnType type, String nativeType, Integer length, String text) {
    if (text == null) {
      return null;
    }
    return switch (type) {
      case BOOLEAN -> bool(text);
      case INT16 -> Short.parseShort(text);
      case INT32 -> Integer.parseInt(text);
      case INT64 -> Long.parseLong(text);
      case FLOAT32 -> Float.parseFloat(text);
      case FLOAT64 -> Double.parseDouble(text);
      case DECIMAL -> ValueCodec.decimal(text);
      case STRING, JSON, OTHER, INTERVAL -> text;
      case BYTES -> bytes(nativeType, length, text);
      case UUID -> java.util.UUID.fromString(text);
      case DATE -> date(text);
      case TIME -> LocalTime.parse(text);
      case TIMESTAMP -> timestamp(text);
      case TIMESTAMPTZ -> instant(text);
      case ARRAY -> throw new IllegalArgumentException("arrays of arrays are not read: " + text);
    };
  }

  private static Boolean bool(String text) {
    return switch (text) {
      case "t", "true", "1" -> Boolean.TRUE;
      case "f", "false", "0" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("not a PostgreSQL boolean: '" + text + "'");
    };
  }

  /**
   * {@code bytea} text ({@code \x0aff}), or a bit string's digits: the capture carries {@code
   * bit(n)} as the number they spell, big-endian, in {@code (n + 7) / 8} bytes.
   */
  static byte[] bytes(String nativeType, Integer length, String text) {
    if (nativeType.equals("bit") || nativeType.equals("varbit")) {
      int bits = length == null ? text.length() : length;
      byte[] magnitude = text.isEmpty() ? new byte[0] : new BigInteger(text, 2).toByteArray();
      int size = Math.max((bits + 7) / 8, 1);
      byte[] bigEndian = new byte[size];
      // toByteArray may add a sign byte or be shorter than the column: right-align the digits.
      int copy = Math.min(size, magnitude.length);
      System.arraycopy(magnitude, magnitude.length - copy, bigEndian, size - copy, copy);
      return bigEndian;
    }
    if (!text.startsWith("\\x")) {
      throw new IllegalArgumentException(
          "bytea text is not in hex form (bytea_output must be 'hex'): '" + abbreviate(text) + "'");
    }
    return HexFormat.of().parseHex(text.substring(2));
  }

  static LocalDate date(String text) {
    switch (text) {
      case "infinity":
        return LocalDate.MAX;
      case "-infinity":
        return LocalDate.MIN;
      default:
        break;
    }
    Matcher m = matcher(text, "date");
    return LocalDate.of(year(m), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  static LocalDateTime timestamp(String text) {
    switch (text) {
      case "infinity":
        return LocalDateTime.MAX;
      case "-infinity":
        return LocalDateTime.MIN;
      default:
        break;
    }
    return localDateTime(matcher(text, "timestamp"));
  }

  static Instant instant(String text) {
    switch (text) {
      case "infinity":
        return Instant.MAX;
      case "-infinity":
        return Instant.MIN;
      default:
        break;
    }
    Matcher m = matcher(text, "timestamptz");
    String offset = m.group(8);
    if (offset == null) {
      throw new IllegalArgumentException("timestamptz text without an offset: '" + text + "'");
    }
    String normalised = offset.length() == 3 ? offset + ":00" : offset;
    return localDateTime(m).toInstant(ZoneOffset.of(normalised));
  }

  private static LocalDateTime localDateTime(Matcher m) {
    if (m.group(4) == null) {
      throw new IllegalArgumentException("timestamp text without a time: '" + m.group() + "'");
    }
    String fraction = m.group(7) == null ? "" : m.group(7);
    int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
    return LocalDateTime.of(
        year(m),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)),
        Integer.parseInt(m.group(5)),
        Integer.parseInt(m.group(6)),
        nanos);
  }

  /** ISO proleptic year: 1 BC is year 0. */
  private static int year(Matcher m) {
    int year = Integer.parseInt(m.group(1));
    return m.group(9) != null ? 1 - year : year;
  }

  private static Matcher matcher(String text, String type) {
    Matcher m = DATE_TIME.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a PostgreSQL " + type + " (DateStyle ISO): " + text);
    }
    return m;
  }

  /**
   * An interval as the capture writes it: Debezium's {@code Interval.toIsoString} of pgjdbc's
   * {@code PGInterval} fields ({@code P<y>Y<m>M<d>DT<h>H<min>M<s>S}, every part present and signed
   * on its own, seconds without trailing zeros), from {@code parts}: the six fields as {@code
   * extract} gives them, space separated (see {@link PostgresEventValues#selectExpression}).
   * Extracting the fields on the server makes this independent of the session's IntervalStyle.
   */
  static String interval(String parts) {
    String[] f = parts.trim().split(" ");
    if (f.length != 6) {
      throw new IllegalArgumentException("not six interval fields: '" + parts + "'");
    }
    BigDecimal seconds = new BigDecimal(f[5]);
    if (seconds.scale() > 9) {
      seconds = seconds.setScale(9, RoundingMode.DOWN);
    }
    return "P"
        + whole(f[0])
        + "Y"
        + whole(f[1])
        + "M"
        + whole(f[2])
        + "DT"
        + whole(f[3])
        + "H"
        + whole(f[4])
        + "M"
        + seconds.stripTrailingZeros().toPlainString()
        + "S";
  }

  private static int whole(String number) {
    return new BigDecimal(number).intValueExact();
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
