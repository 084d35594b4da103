package io.lockstep.engine.postgres;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.ValueCodec;
import io.lockstep.types.BitString;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/** The PostgreSQL input text of a typed value: what {@code CAST('<text>' AS type)} parses. */
final class PostgresText {

  private PostgresText() {}

  static String of(ColumnSchema column, Object value) {
    if (column.type() == ColumnType.BYTES && BitString.isBitType(column.nativeType())) {
      // A bit string travels as its bytes; PostgreSQL's bit input is the binary digits.
      return BitString.text((byte[]) value, column.length());
    }
    return of(column.type(), column.elementType(), value);
  }

  private static String of(ColumnType type, ColumnType elementType, Object value) {
    return switch (type) {
      case DECIMAL -> value instanceof BigDecimal d ? d.toPlainString() : value.toString();
      case BYTES -> "\\x" + HexFormat.of().formatHex((byte[]) value);
      case TIME -> ValueCodec.formatTime((LocalTime) value);
      case DATE -> date((LocalDate) value);
      case TIMESTAMP -> timestamp((LocalDateTime) value, "");
      case TIMESTAMPTZ -> instant((Instant) value);
      case ARRAY -> arrayLiteral(elementType, (List<?>) value);
      default -> value.toString();
    };
  }

  /**
   * PostgreSQL's spelling of a date: ISO for the years 1 to 9999; beyond, the year in plain digits
   * (ISO's {@code +20000} is not accepted), and before year 1 the era as a suffix ({@code
   * 0044-03-15 BC}; ISO year 0 is 1 BC).
   */
  private static String date(LocalDate date) {
    if (date.equals(LocalDate.MAX) || date.equals(LocalDate.MIN)) {
      return date.equals(LocalDate.MAX) ? "infinity" : "-infinity";
    }
    int year = date.getYear();
    if (year >= 1 && year <= 9999) {
      return date.toString();
    }
    return String.format(
        "%04d-%02d-%02d%s",
        year >= 1 ? year : 1 - year,
        date.getMonthValue(),
        date.getDayOfMonth(),
        year >= 1 ? "" : " BC");
  }

  private static String instant(Instant instant) {
    if (instant.equals(Instant.MAX) || instant.equals(Instant.MIN)) {
      return ValueCodec.formatInstant(instant); // infinity, -infinity
    }
    LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    int year = utc.getYear();
    return year >= 1 && year <= 9999 ? ValueCodec.formatInstant(instant) : timestamp(utc, "+00");
  }

  private static String timestamp(LocalDateTime timestamp, String zone) {
    if (timestamp.equals(LocalDateTime.MAX) || timestamp.equals(LocalDateTime.MIN)) {
      return timestamp.equals(LocalDateTime.MAX) ? "infinity" : "-infinity";
    }
    int year = timestamp.getYear();
    if (year >= 1 && year <= 9999) {
      String text = ValueCodec.formatTimestamp(timestamp);
      return zone.isEmpty() ? text : text + zone;
    }
    String time = ValueCodec.formatTime(timestamp.toLocalTime());
    String day = date(timestamp.toLocalDate());
    return year >= 1
        ? day + " " + time + zone
        : day.substring(0, day.length() - 3) + " " + time + zone + " BC";
  }

  /** {@code {"a","b",NULL}}: every element quoted, so commas, braces and spaces are safe. */
  private static String arrayLiteral(ColumnType elementType, List<?> elements) {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      Object element = elements.get(i);
      if (element == null) {
        text.append("NULL");
      } else {
        String raw = of(elementType, null, element);
        text.append('"').append(raw.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return text.append('}').toString();
  }
}
