package io.lockstep.types;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.ValueCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one value normaliser (design decision 9), shared by apply, verification and reconciliation:
 * turns a value of a source column into a canonical text that is equal for equal values, whichever
 * engine stored it and whichever form it was read in: the event's Java value (types per {@link
 * ColumnType}) or what {@code ResultSet.getObject} returns on PostgreSQL (pgjdbc) or MariaDB/MySQL
 * (MariaDB Connector/J) for the column's source or target type. The rules are in
 * docs/type-mapping.md, "How values are compared"; in short:
 *
 * <ul>
 *   <li>NULL stays null; the empty string stays {@code ""}.
 *   <li>Booleans are {@code true}/{@code false} from Boolean, 0/1 or bit values; integers are their
 *       decimal digits, a Boolean counting as 1 or 0 ({@code tinyint(1)} read as Boolean).
 *   <li>Decimals are their exact value: {@code 1.50} and {@code 1.5} are {@code 1.5}.
 *   <li>Floats are Java's shortest text of the value; NaN and infinities by name; {@code -0.0}
 *       stays distinct from {@code 0.0}, since both engines store it.
 *   <li>CHAR columns drop trailing spaces (PostgreSQL pads them, MariaDB strips them); VARCHAR and
 *       TEXT keep them.
 *   <li>JSON has sorted keys, no whitespace, exact numbers ({@link JsonCanonical}).
 *   <li>Times have six fractional digits; timestamps with time zone are instants in UTC (a
 *       LocalDateTime being the UTC wall-clock time a MariaDB datetime holds).
 *   <li>Intervals are ISO text of months, days and microseconds ({@link IntervalText}).
 *   <li>Arrays are a JSON array of their elements' canonical texts, from a List, a java.sql.Array
 *       or the JSON text MariaDB holds.
 *   <li>UUIDs are lower case; bytes are {@code \x} and lower-case hex; bit strings are their value
 *       in binary digits.
 * </ul>
 */
public final class ValueNormaliser {

  private static final Set<String> CHAR_TYPES = Set.of("bpchar", "char", "character", "nchar");

  private static final HexFormat HEX = HexFormat.of();

  private static final Pattern HEX_DIGITS = Pattern.compile("\\\\x[0-9a-fA-F]*");

  private ValueNormaliser() {}

  /**
   * The canonical form of {@code value}, a value of {@code sourceColumn} in any of the forms above:
   * null for null, else a String.
   */
  public static Object normalise(ColumnSchema sourceColumn, Object value) {
    if (value == null) {
      return null;
    }
    return switch (sourceColumn.type()) {
      case BOOLEAN -> bool(value);
      case INT16, INT32, INT64 -> integer(value);
      case FLOAT32 -> float32(value);
      case FLOAT64 -> float64(value);
      case DECIMAL -> decimal(value);
      case STRING -> string(sourceColumn, value);
      case BYTES -> bytes(sourceColumn, value);
      case JSON -> JsonCanonical.of(text(value));
      case UUID -> uuid(value);
      case DATE -> TemporalValues.date(value);
      case TIME -> TemporalValues.time(value);
      case TIMESTAMP -> TemporalValues.timestamp(value);
      case TIMESTAMPTZ -> TemporalValues.timestampTz(value);
      case INTERVAL -> IntervalText.canonical(text(value));
      case ARRAY -> ArrayValues.canonical(sourceColumn, value);
      case OTHER -> other(sourceColumn, value);
    };
  }

  /** {@link #normalise} of each value of a row, by position. */
  public static List<Object> normaliseRow(List<ColumnSchema> columns, List<?> values) {
    if (columns.size() != values.size()) {
      throw new IllegalArgumentException(
          "row has " + values.size() + " values for " + columns.size() + " columns");
    }
    List<Object> row = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      row.add(normalise(columns.get(i), values.get(i)));
    }
    return row;
  }

  private static String bool(Object value) {
    if (value instanceof Boolean b) {
      return b.toString();
    }
    if (value instanceof Number n) {
      return Boolean.toString(!numberText(n).equals("0"));
    }
    if (value instanceof byte[] bytes) {
      return Boolean.toString(new BigInteger(1, bytes).signum() != 0);
    }
    String text = text(value).trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "t", "true", "1", "y", "yes", "on", "b'1'" -> "true";
      case "f", "false", "0", "n", "no", "off", "b'0'" -> "false";
      default -> text;
    };
  }

  private static String integer(Object value) {
    if (value instanceof Boolean b) {
      return b ? "1" : "0"; // a MariaDB tinyint(1) read with tinyInt1isBit
    }
    if (value instanceof Number n) {
      return numberText(n);
    }
    if (value instanceof java.sql.Date d) {
      return Integer.toString(d.toLocalDate().getYear()); // a MariaDB YEAR read as a date
    }
    if (value instanceof LocalDate d) {
      return Integer.toString(d.getYear());
    }
    return decimalText(text(value));
  }

  private static String float32(Object value) {
    if (value instanceof Number n) {
      return Float.toString(n.floatValue());
    }
    String text = text(value).trim();
    try {
      return Float.toString(Float.parseFloat(text));
    } catch (NumberFormatException e) {
      return text;
    }
  }

  private static String float64(Object value) {
    if (value instanceof Number n) {
      return Double.toString(n.doubleValue());
    }
    String text = text(value).trim();
    try {
      return Double.toString(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      return text;
    }
  }

  private static String decimal(Object value) {
    return value instanceof Number n ? numberText(n) : decimalText(text(value));
  }

  /**
   * A number's exact value without trailing zeros; NaN and the infinities by name, as the event
   * spells them (pgjdbc returns a numeric NaN or infinity as a Double).
   */
  private static String numberText(Number n) {
    if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
      double d = n.doubleValue();
      return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
    }
    return JsonCanonical.number(decimalValue(n));
  }

  private static String decimalText(String text) {
    try {
      Object parsed = ValueCodec.decimal(text);
      return parsed instanceof BigDecimal d ? JsonCanonical.number(d) : (String) parsed;
    } catch (IllegalArgumentException e) {
      return text.trim();
    }
  }

  private static BigDecimal decimalValue(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (n instanceof Double || n instanceof Float) {
      // the shortest decimal that reads back as this double: what the engines print
      return new BigDecimal(Double.toString(n.doubleValue()));
    }
    return BigDecimal.valueOf(n.longValue());
  }

  private static String string(ColumnSchema column, Object value) {
    String text = text(value);
    String base = SourceType.of(column.nativeType()).base();
    if (CHAR_TYPES.contains(base)) {
      return stripTrailingSpaces(text);
    }
    if (base.equals("json")) {
      return JsonCanonical.of(text); // MariaDB JSON, captured as a string
    }
    return text;
  }

  /**
   * CHAR(n) values without their padding: PostgreSQL returns them padded to n, MariaDB without
   * trailing spaces, so trailing spaces on CHAR columns are not significant. Only the space is
   * padding; tabs and other white space stay.
   */
  private static String stripTrailingSpaces(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == ' ') {
      end--;
    }
    return text.substring(0, end);
  }

  private static String bytes(ColumnSchema column, Object value) {
    boolean bits = BitString.isBitType(SourceType.of(column.nativeType()).base());
    byte[] bytes = byteArray(value);
    if (bytes == null) {
      String text = text(value);
      if (isHexText(text)) {
        bytes = HEX.parseHex(text.substring(2).toLowerCase(Locale.ROOT));
      } else if (bits) {
        return bitText(value, text);
      } else {
        bytes = text.getBytes(StandardCharsets.UTF_8);
      }
    }
    return bits ? BitString.canonical(bytes) : hex(bytes);
  }

  /** PostgreSQL's bytea text: {@code \x} and an even number of hex digits. */
  private static boolean isHexText(String text) {
    return text.startsWith("\\x") && text.length() % 2 == 0 && HEX_DIGITS.matcher(text).matches();
  }

  /** A bit string read as pgjdbc returns it: Boolean for bit(1), else text digits ("00101"). */
  private static String bitText(Object value, String text) {
    if (value instanceof Boolean b) {
      return BitString.canonical(b ? BigInteger.ONE : BigInteger.ZERO);
    }
    if (value instanceof Number n) {
      return BitString.canonical(decimalValue(n).toBigInteger());
    }
    String canonical = BitString.canonical(text);
    return canonical != null ? canonical : text;
  }

  private static byte[] byteArray(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] copy = new byte[buffer.remaining()];
      buffer.duplicate().get(copy);
      return copy;
    }
    if (value instanceof Blob blob) {
      try {
        long length = blob.length();
        return length == 0 ? new byte[0] : blob.getBytes(1, Math.toIntExact(length));
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read a BLOB value: " + e.getMessage(), e);
      }
    }
    return null;
  }

  private static String hex(byte[] bytes) {
    return "\\x" + HEX.formatHex(bytes);
  }

  private static String uuid(Object value) {
    if (value instanceof UUID u) {
      return u.toString();
    }
    if (value instanceof byte[] b && b.length == 16) {
      ByteBuffer buffer = ByteBuffer.wrap(b);
      return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }
    return text(value).trim().toLowerCase(Locale.ROOT);
  }

  private static String other(ColumnSchema column, Object value) {
    return switch (SourceType.of(column.nativeType()).base()) {
      case "timetz" -> TemporalValues.timeTz(text(value));
      // a MariaDB TIME outside a day, which the capture carries as text
      case "time" -> TemporalValues.time(value);
      default -> text(value);
    };
  }

  /**
   * A value's text: Strings as they are, CLOBs read, bytes as UTF-8, anything else (pgjdbc's
   * PGobject for json, jsonb, interval, inet...) by toString, which is its PostgreSQL text.
   */
  static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Clob clob) {
      try {
        long length = clob.length();
        return length == 0 ? "" : clob.getSubString(1, Math.toIntExact(length));
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read a CLOB value: " + e.getMessage(), e);
      }
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof char[] chars) {
      return new String(chars);
    }
    return value.toString();
  }
}
