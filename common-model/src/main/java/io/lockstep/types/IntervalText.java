package io.lockstep.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An interval in one canonical ISO-8601 text, whichever way it was written: the event's ISO text
 * ({@code P1Y2M3DT4H5M6.789S}, each part signed as Debezium writes it), pgjdbc's {@code PGInterval}
 * ({@code 1 years 2 mons 3 days 4 hours 5 mins 6.789 secs}) or PostgreSQL's own output ({@code 1
 * year 2 mons 3 days 04:05:06.789}).
 *
 * <p>An interval is kept as PostgreSQL keeps it, as three separate amounts: months, days and
 * microseconds. {@code 1 day} and {@code 24 hours} are different values (they differ across a
 * daylight-saving change), and so are {@code 1 mon} and {@code 30 days}; {@code 14 mons} and {@code
 * 1 year 2 mons} are the same. The canonical text writes months as years and months, and
 * microseconds as hours, minutes and seconds, each with the sign of its amount.
 */
final class IntervalText {

  private static final BigDecimal MICROS_PER_SECOND = BigDecimal.valueOf(1_000_000);

  private static final Pattern ISO =
      Pattern.compile(
          "([-+])?P(?:([-+]?\\d+)Y)?(?:([-+]?\\d+)M)?(?:([-+]?\\d+)W)?(?:([-+]?\\d+)D)?"
              + "(?:T(?:([-+]?\\d+)H)?(?:([-+]?\\d+)M)?(?:([-+]?\\d+(?:[.,]\\d*)?)S)?)?");

  /** {@code [-]H:MM:SS[.ffffff]}, hours of any length. */
  private static final Pattern CLOCK =
      Pattern.compile("([-+])?(\\d+):(\\d{1,2})(?::(\\d{1,2}(?:\\.\\d*)?))?");

  private IntervalText() {}

  /** The canonical text, or {@code text} trimmed when it is no interval this class reads. */
  static String canonical(String text) {
    String trimmed = text.trim();
    try {
      Amounts amounts = parse(trimmed);
      return amounts == null ? trimmed : amounts.iso();
    } catch (ArithmeticException | NumberFormatException e) {
      return trimmed; // fractional months or days, or amounts beyond long: compare as written
    }
  }

  /** The three amounts of an interval. */
  record Amounts(long months, long days, BigInteger micros) {

    String iso() {
      StringBuilder out = new StringBuilder("P");
      append(out, months / 12, 'Y');
      append(out, months % 12, 'M');
      append(out, days, 'D');
      if (micros.signum() != 0) {
        out.append('T');
        BigInteger[] hours = micros.divideAndRemainder(BigInteger.valueOf(3_600_000_000L));
        BigInteger[] minutes = hours[1].divideAndRemainder(BigInteger.valueOf(60_000_000L));
        if (hours[0].signum() != 0) {
          out.append(hours[0]).append('H');
        }
        if (minutes[0].signum() != 0) {
          out.append(minutes[0]).append('M');
        }
        if (minutes[1].signum() != 0) {
          BigDecimal seconds = new BigDecimal(minutes[1]).divide(MICROS_PER_SECOND);
          out.append(seconds.stripTrailingZeros().toPlainString()).append('S');
        }
      }
      return out.length() == 1 ? "PT0S" : out.toString();
    }

    private static void append(StringBuilder out, long amount, char unit) {
      if (amount != 0) {
        out.append(amount).append(unit);
      }
    }
  }

  static Amounts parse(String text) {
    if (text.isEmpty()) {
      return null;
    }
    Matcher iso = ISO.matcher(text.toUpperCase(Locale.ROOT));
    if (iso.matches()) {
      return fromIso(iso);
    }
    return fromPostgres(text.toLowerCase(Locale.ROOT));
  }

  private static Amounts fromIso(Matcher m) {
    long sign = "-".equals(m.group(1)) ? -1 : 1;
    long months = 12 * number(m.group(2)) + number(m.group(3));
    long days = 7 * number(m.group(4)) + number(m.group(5));
    BigDecimal seconds =
        BigDecimal.valueOf(number(m.group(6)))
            .multiply(BigDecimal.valueOf(3600))
            .add(BigDecimal.valueOf(number(m.group(7))).multiply(BigDecimal.valueOf(60)))
            .add(
                m.group(8) == null
                    ? BigDecimal.ZERO
                    : new BigDecimal(m.group(8).replace(',', '.')));
    return new Amounts(
        sign * months, sign * days, micros(seconds).multiply(BigInteger.valueOf(sign)));
  }

  /**
   * PostgreSQL's "postgres" output style and pgjdbc's {@code PGInterval}: pairs of an amount and a
   * unit, an optional clock part, {@code ago} negating everything (the verbose style's {@code @} is
   * skipped).
   */
  private static Amounts fromPostgres(String text) {
    String[] words = text.replace("@", " ").trim().split("\\s+");
    long months = 0;
    long days = 0;
    BigDecimal seconds = BigDecimal.ZERO;
    boolean ago = false;
    for (int i = 0; i < words.length; i++) {
      String word = words[i];
      Matcher clock = CLOCK.matcher(word);
      if (word.equals("ago")) {
        ago = true;
      } else if (clock.matches()) {
        seconds = seconds.add(clockSeconds(clock));
      } else if (i + 1 < words.length && isNumber(word)) {
        BigDecimal amount = new BigDecimal(word.replace("+", ""));
        String unit = words[++i];
        if (unit.startsWith("year")) {
          months += amount.longValueExact() * 12;
        } else if (unit.startsWith("mon")) {
          months += amount.longValueExact();
        } else if (unit.startsWith("week")) {
          days += amount.longValueExact() * 7;
        } else if (unit.startsWith("day")) {
          days += amount.longValueExact();
        } else if (unit.startsWith("hour")) {
          seconds = seconds.add(amount.multiply(BigDecimal.valueOf(3600)));
        } else if (unit.startsWith("min")) {
          seconds = seconds.add(amount.multiply(BigDecimal.valueOf(60)));
        } else if (unit.startsWith("sec")) {
          seconds = seconds.add(amount);
        } else {
          return null;
        }
      } else {
        return null;
      }
    }
    BigInteger micros = micros(seconds);
    return ago ? new Amounts(-months, -days, micros.negate()) : new Amounts(months, days, micros);
  }

  private static BigDecimal clockSeconds(Matcher clock) {
    BigDecimal seconds =
        BigDecimal.valueOf(
                Long.parseLong(clock.group(2)) * 3600 + Long.parseLong(clock.group(3)) * 60)
            .add(clock.group(4) == null ? BigDecimal.ZERO : new BigDecimal(clock.group(4)));
    return "-".equals(clock.group(1)) ? seconds.negate() : seconds;
  }

  private static boolean isNumber(String word) {
    return word.matches("[-+]?\\d+(\\.\\d*)?");
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group.replace("+", ""));
  }

  /** Whole microseconds; PostgreSQL keeps no finer fraction. */
  private static BigInteger micros(BigDecimal seconds) {
    return seconds
        .multiply(MICROS_PER_SECOND)
        .setScale(0, RoundingMode.HALF_EVEN)
        .toBigIntegerExact();
  }
}
