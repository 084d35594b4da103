package io.lockstep.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Converts typed column values to and from their JSON form on the wire. The JSON form is chosen so
 * that no value loses anything: decimals travel as strings (scale kept), binary as base64,
 * temporals as ISO-8601 text with all six fractional digits, non-finite floats as strings.
 */
public final class ValueCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Always six fractional digits, so that the text is fixed-width and microseconds are visible. */
  private static final DateTimeFormatter TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("HH:mm:ss")
          .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
          .toFormatter();

  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .append(TIME)
          .toFormatter();

  private ValueCodec() {}

  public static JsonNode toJson(ColumnSchema column, Object value) {
    return toJson(column.type(), column.elementType(), value, column.name());
  }

  public static Object fromJson(ColumnSchema column, JsonNode node) {
    return fromJson(column.type(), column.elementType(), node, column.name());
  }

  private static JsonNode toJson(ColumnType type, ColumnType elementType, Object v, String col) {
    if (v == null) {
      return NODES.nullNode();
    }
    try {
      return switch (type) {
        case BOOLEAN -> NODES.booleanNode((Boolean) v);
        case INT16 -> NODES.numberNode((Short) v);
        case INT32 -> NODES.numberNode((Integer) v);
        case INT64 -> NODES.numberNode((Long) v);
        case FLOAT32 -> {
          float f = (Float) v;
          yield Float.isFinite(f) ? NODES.numberNode(f) : NODES.textNode(Float.toString(f));
        }
        case FLOAT64 -> {
          double d = (Double) v;
          yield Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
        }
        case DECIMAL ->
            NODES.textNode(v instanceof BigDecimal bd ? bd.toPlainString() : (String) v);
        case STRING, JSON, INTERVAL, OTHER -> NODES.textNode((String) v);
        case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString((byte[]) v));
        case UUID -> NODES.textNode(v.toString());
        case DATE -> NODES.textNode(((LocalDate) v).toString());
        case TIME -> NODES.textNode(TIME.format((LocalTime) v));
        case TIMESTAMP -> NODES.textNode(formatLocalTimestamp((LocalDateTime) v));
        case TIMESTAMPTZ -> NODES.textNode(formatInstant((Instant) v));
        case ARRAY -> {
          ArrayNode array = NODES.arrayNode();
          for (Object element : (List<?>) v) {
            array.add(toJson(elementType, null, element, col));
          }
          yield array;
        }
      };
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(
          "column '" + col + "' is " + type + " but holds a " + v.getClass().getName(), e);
    }
  }

  private static Object fromJson(ColumnType type, ColumnType elementType, JsonNode n, String col) {
    if (n == null || n.isNull()) {
      return null;
    }
    return switch (type) {
      case BOOLEAN -> n.booleanValue();
      case INT16 -> (short) n.intValue();
      case INT32 -> n.intValue();
      case INT64 -> n.longValue();
      case FLOAT32 -> n.isTextual() ? Float.parseFloat(n.textValue()) : n.floatValue();
      case FLOAT64 -> n.isTextual() ? Double.parseDouble(n.textValue()) : n.doubleValue();
      case DECIMAL -> decimal(n.textValue());
      case STRING, JSON, INTERVAL, OTHER -> n.textValue();
      case BYTES -> Base64.getDecoder().decode(n.textValue());
      case UUID -> java.util.UUID.fromString(n.textValue());
      case DATE -> LocalDate.parse(n.textValue());
      case TIME -> LocalTime.parse(n.textValue());
      case TIMESTAMP -> parseLocalTimestamp(n.textValue());
      case TIMESTAMPTZ -> parseInstant(n.textValue());
      case ARRAY -> {
        List<Object> list = new ArrayList<>(n.size());
        for (JsonNode element : n) {
          list.add(fromJson(elementType, null, element, col));
        }
        yield list;
      }
    };
  }

  /**
   * A finite decimal as {@link BigDecimal}; PostgreSQL's NaN and infinities stay text, spelled as
   * PostgreSQL spells them.
   */
  public static Object decimal(String text) {
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("nan")) {
      return "NaN";
    }
    if (trimmed.equalsIgnoreCase("infinity") || trimmed.equalsIgnoreCase("+infinity")) {
      return "Infinity";
    }
    if (trimmed.equalsIgnoreCase("-infinity")) {
      return "-Infinity";
    }
    try {
      return new BigDecimal(trimmed);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a decimal number: '" + text + "'", e);
    }
  }

  /**
   * A timestamp without time zone on the wire; {@link LocalDateTime#MAX} and {@link
   * LocalDateTime#MIN} stand for PostgreSQL's {@code infinity} and {@code -infinity} and are
   * spelled so (six fractional digits would not give the sentinels back).
   */
  private static String formatLocalTimestamp(LocalDateTime t) {
    if (t.equals(LocalDateTime.MAX)) {
      return "infinity";
    }
    return t.equals(LocalDateTime.MIN) ? "-infinity" : TIMESTAMP.format(t);
  }

  private static LocalDateTime parseLocalTimestamp(String text) {
    return switch (text) {
      case "infinity" -> LocalDateTime.MAX;
      case "-infinity" -> LocalDateTime.MIN;
      default -> LocalDateTime.parse(text);
    };
  }

  /**
   * An instant in UTC with exactly six fractional digits; {@link Instant#MAX} and {@link
   * Instant#MIN} stand for PostgreSQL's {@code infinity} and {@code -infinity} and are spelled so.
   */
  public static String formatInstant(Instant instant) {
    if (instant.equals(Instant.MAX)) {
      return "infinity";
    }
    if (instant.equals(Instant.MIN)) {
      return "-infinity";
    }
    LocalDateTime utc =
        LocalDateTime.ofEpochSecond(
            instant.getEpochSecond(), instant.getNano(), java.time.ZoneOffset.UTC);
    return fastTimestamp(utc, true);
  }

  /**
   * {@link #TIMESTAMP}'s text built by hand for years 0 to 9999 (every commit time and nearly every
   * stored value): the formatter cost a few percent of the pipeline's CPU (benchmarks.md). Other
   * years take the formatter, which writes their sign and extra digits.
   */
  private static String fastTimestamp(LocalDateTime t, boolean utc) {
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      return TIMESTAMP.format(t) + (utc ? "Z" : "");
    }
    char[] c = new char[utc ? 27 : 26];
    digits(year, 4, c, 0);
    c[4] = '-';
    digits(t.getMonthValue(), 2, c, 5);
    c[7] = '-';
    digits(t.getDayOfMonth(), 2, c, 8);
    c[10] = 'T';
    digits(t.getHour(), 2, c, 11);
    c[13] = ':';
    digits(t.getMinute(), 2, c, 14);
    c[16] = ':';
    digits(t.getSecond(), 2, c, 17);
    c[19] = '.';
    digits(t.getNano() / 1000, 6, c, 20);
    if (utc) {
      c[26] = 'Z';
    }
    return new String(c);
  }

  /**
   * Parses {@link #formatInstant}'s text; a fast path for exactly that shape, {@link Instant#parse}
   * for anything else.
   */
  public static Instant parseInstant(String text) {
    if (text.equals("infinity")) {
      return Instant.MAX;
    }
    if (text.equals("-infinity")) {
      return Instant.MIN;
    }
    if (text.length() == 27
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && text.charAt(10) == 'T'
        && text.charAt(13) == ':'
        && text.charAt(16) == ':'
        && text.charAt(19) == '.'
        && text.charAt(26) == 'Z') {
      int year = number(text, 0, 4);
      int month = number(text, 5, 2);
      int day = number(text, 8, 2);
      int hour = number(text, 11, 2);
      int minute = number(text, 14, 2);
      int second = number(text, 17, 2);
      int micros = number(text, 20, 6);
      if (year >= 0
          && month >= 1
          && day >= 1
          && hour >= 0
          && minute >= 0
          && second >= 0
          && micros >= 0) {
        try {
          return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000)
              .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
          // Out of range: let Instant.parse report it.
        }
      }
    }
    return Instant.parse(text);
  }

  /** The decimal number in {@code text[at, at + width)}, or -1 if it is not all digits. */
  private static int number(String text, int at, int width) {
    int value = 0;
    for (int i = at; i < at + width; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void digits(int value, int width, char[] into, int at) {
    for (int i = width - 1; i >= 0; i--) {
      into[at + i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  public static String formatTime(LocalTime time) {
    return TIME.format(time);
  }

  public static String formatTimestamp(LocalDateTime timestamp) {
    return fastTimestamp(timestamp, false);
  }
}
