package io.lockstep.dialect;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.ValueCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;

/** The PostgreSQL input text of a typed value: what {@code CAST('<text>' AS type)} parses. */
final class PostgresText {

  private PostgresText() {}

  static String of(ColumnSchema column, Object value) {
    return of(column.type(), column.elementType(), value);
  }

  private static String of(ColumnType type, ColumnType elementType, Object value) {
    return switch (type) {
      case DECIMAL -> value instanceof BigDecimal d ? d.toPlainString() : value.toString();
      case BYTES -> "\\x" + HexFormat.of().formatHex((byte[]) value);
      case TIME -> ValueCodec.formatTime((LocalTime) value);
      case TIMESTAMP -> ValueCodec.formatTimestamp((LocalDateTime) value);
      case TIMESTAMPTZ -> ValueCodec.formatInstant((Instant) value);
      case ARRAY -> arrayLiteral(elementType, (List<?>) value);
      default -> value.toString();
    };
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
