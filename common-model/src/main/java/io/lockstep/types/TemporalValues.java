package io.lockstep.types;

import io.lockstep.event.ValueCodec;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical text of dates and times, from the event's java.time values or from what the JDBC
 * drivers return: ISO dates, times with six fractional digits, local date-times with six fractional
 * digits, and instants in UTC with six fractional digits and a {@code Z} (the wire format's own
 * spellings, {@link ValueCodec}).
 */
final class TemporalValues {

  /** pgjdbc's {@code PGStatement} constants for {@code infinity} and {@code -infinity}. */
  private static final Set<Long> POSITIVE_INFINITY =
      Set.of(9223372036825200000L, 185543533774800000L);

  private static final Set<Long> NEGATIVE_INFINITY =
      Set.of(-9223372036832400000L, -185543533774800000L);

  /** Date-times as PostgreSQL and MariaDB print them: a space or T, 0 to 9 fractional digits. */
  private static final DateTimeFormatter LENIENT_LOCAL =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .toFormatter();

  /** Offsets as PostgreSQL prints them: {@code +02}, {@code +05:30}, or {@code Z}. */
  private static final DateTimeFormatter LENIENT_OFFSET =
      new DateTimeFormatterBuilder()
          .append(LENIENT_LOCAL)
          .appendOffset("+HH:mm:ss", "Z")
          .toFormatter();

  private static final DateTimeFormatter TIME_WITH_OFFSET =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .appendOffset("+HH:mm:ss", "Z")
          .toFormatter();

  private static final DateTimeFormatter UTC_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("HH:mm:ss")
          .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
          .appendLiteral('Z')
          .toFormatter();

  /** {@code [-]H:MM:SS[.ffffff]} with hours of any length: times beyond a day's. */
  private static final Pattern CLOCK =
      Pattern.compile("([-+])?(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6})\\d*)?");

  private TemporalValues() {}

  static String date(Object value) {
    if (value instanceof LocalDate d) {
      return d.equals(LocalDate.MAX)
          ? "infinity"
          : d.equals(LocalDate.MIN) ? "-infinity" : d.toString();
    }
    if (value instanceof java.sql.Date d) {
      String infinity = infinity(d.getTime());
      return infinity != null ? infinity : d.toLocalDate().toString();
    }
    if (value instanceof java.sql.Timestamp t) {
      return timestampOf(t).substring(0, 10);
    }
    if (value instanceof LocalDateTime t) {
      return t.toLocalDate().toString();
    }
    String text = value.toString().trim();
    try {
      return LocalDate.parse(text).toString();
    } catch (DateTimeException e) {
      return text;
    }
  }

  static String time(Object value) {
    if (value instanceof LocalTime t) {
      return ValueCodec.formatTime(t);
    }
    if (value instanceof java.sql.Time t) {
      // toLocalTime() drops the milliseconds the driver kept; they do not depend on the zone.
      int millis = (int) Math.floorMod(t.getTime(), 1000L);
      return ValueCodec.formatTime(t.toLocalTime().withNano(millis * 1_000_000));
    }
    if (value instanceof Duration d) {
      return duration(d);
    }
    String text = value.toString().trim();
    try {
      return ValueCodec.formatTime(LocalTime.parse(text));
    } catch (DateTimeException e) {
      // PostgreSQL's 24:00:00, or a MariaDB TIME outside a day (-838:59:59 to 838:59:59)
    }
    Matcher clock = CLOCK.matcher(text);
    if (!clock.matches()) {
      return text;
    }
    String fraction = clock.group(5) == null ? "" : clock.group(5);
    long micros =
        ((Long.parseLong(clock.group(2)) * 60 + Long.parseLong(clock.group(3))) * 60
                    + Long.parseLong(clock.group(4)))
                * 1_000_000L
            + Long.parseLong((fraction + "000000").substring(0, 6));
    return duration(Duration.of("-".equals(clock.group(1)) ? -micros : micros, ChronoUnit.MICROS));
  }

  /**
   * A MariaDB TIME read as a duration: a time of day when it is one, else signed hours with six
   * fractional digits ({@code -838:59:59.000000}).
   */
  private static String duration(Duration d) {
    if (!d.isNegative() && d.compareTo(Duration.ofDays(1)) < 0) {
      return ValueCodec.formatTime(LocalTime.ofNanoOfDay(d.toNanos()));
    }
    Duration abs = d.abs();
    return String.format(
        Locale.ROOT,
        "%s%02d:%02d:%02d.%06d",
        d.isNegative() ? "-" : "",
        abs.toHours(),
        abs.toMinutesPart(),
        abs.toSecondsPart(),
        abs.toNanosPart() / 1000);
  }

  static String timestamp(Object value) {
    if (value instanceof LocalDateTime t) {
      return t.equals(LocalDateTime.MAX)
          ? "infinity"
          : t.equals(LocalDateTime.MIN) ? "-infinity" : ValueCodec.formatTimestamp(t);
    }
    if (value instanceof java.sql.Timestamp t) {
      return timestampOf(t);
    }
    if (value instanceof OffsetDateTime t) {
      return ValueCodec.formatTimestamp(t.toLocalDateTime());
    }
    if (value instanceof java.sql.Date d) {
      return date(d) + "T00:00:00.000000";
    }
    String text = value.toString().trim();
    try {
      return ValueCodec.formatTimestamp(LocalDateTime.parse(text, LENIENT_LOCAL));
    } catch (DateTimeException e) {
      return text;
    }
  }

  /**
   * A driver's Timestamp for a column without time zone: its wall-clock fields, which the driver
   * set in the JVM's zone. (A wall-clock time inside a daylight-saving gap of that zone cannot be a
   * Timestamp; read such columns as LocalDateTime, see the engines' {@code readComparable}.)
   */
  private static String timestampOf(java.sql.Timestamp t) {
    String infinity = infinity(t.getTime());
    return infinity != null ? infinity : ValueCodec.formatTimestamp(t.toLocalDateTime());
  }

  /**
   * A point in time in UTC. A LocalDateTime is a MariaDB/MySQL {@code datetime} holding a
   * PostgreSQL timestamptz's UTC wall-clock time; a java.sql.Timestamp is pgjdbc's timestamptz (or
   * MariaDB's TIMESTAMP), an instant.
   */
  static String timestampTz(Object value) {
    try {
      if (value instanceof Instant i) {
        return ValueCodec.formatInstant(i);
      }
      if (value instanceof OffsetDateTime t) {
        return t.equals(OffsetDateTime.MAX)
            ? "infinity"
            : t.equals(OffsetDateTime.MIN) ? "-infinity" : ValueCodec.formatInstant(t.toInstant());
      }
      if (value instanceof ZonedDateTime t) {
        return ValueCodec.formatInstant(t.toInstant());
      }
      if (value instanceof java.sql.Timestamp t) {
        String infinity = infinity(t.getTime());
        return infinity != null ? infinity : ValueCodec.formatInstant(t.toInstant());
      }
      if (value instanceof LocalDateTime t) {
        return t.equals(LocalDateTime.MAX)
            ? "infinity"
            : t.equals(LocalDateTime.MIN)
                ? "-infinity"
                : ValueCodec.formatInstant(t.toInstant(ZoneOffset.UTC));
      }
    } catch (DateTimeException e) {
      return value.toString();
    }
    return instantText(value.toString().trim());
  }

  private static String instantText(String text) {
    try {
      return ValueCodec.formatInstant(OffsetDateTime.parse(text, LENIENT_OFFSET).toInstant());
    } catch (DateTimeException e) {
      // no offset: a UTC wall-clock time, as a MariaDB datetime column holds it
    }
    try {
      return ValueCodec.formatInstant(
          LocalDateTime.parse(text, LENIENT_LOCAL).toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return text;
    }
  }

  /**
   * A PostgreSQL {@code timetz} as the event carries it (Debezium normalises it to UTC, {@code
   * 10:15:30.123456Z}) or as PostgreSQL prints it ({@code 12:15:30.123456+02}): the same time in
   * UTC.
   */
  static String timeTz(String text) {
    String trimmed = text.trim();
    try {
      OffsetTime time = OffsetTime.parse(trimmed, TIME_WITH_OFFSET);
      return UTC_TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return trimmed;
    }
  }

  private static String infinity(long millis) {
    if (POSITIVE_INFINITY.contains(millis)) {
      return "infinity";
    }
    return NEGATIVE_INFINITY.contains(millis) ? "-infinity" : null;
  }
}
