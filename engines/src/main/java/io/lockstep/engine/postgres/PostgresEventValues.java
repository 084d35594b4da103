package io.lockstep.engine.postgres;

import io.lockstep.engine.SourceRowDialect;
import io.lockstep.event.ColumnSchema;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** PostgreSQL source rows read as their change events carry them ({@link SourceRowDialect}). */
final class PostgresEventValues implements SourceRowDialect {

  @Override
  public String selectExpression(ColumnSchema column, String quoted) {
    return switch (column.type()) {
      // Numbers and booleans come exactly through the driver in either transfer format.
      case BOOLEAN, INT16, INT32, INT64, FLOAT32, FLOAT64 -> quoted;
      // As they are: a cast to text would strip the padding of char(n), which events keep.
      case STRING, JSON, OTHER -> quoted;
      case BYTES -> isBits(column) ? quoted + "::text" : quoted;
      // The six fields pgjdbc's PGInterval has, which Debezium formats (PostgresEventText).
      case INTERVAL ->
          "CASE WHEN "
              + quoted
              + " IS NULL THEN NULL ELSE concat_ws(' ', extract(year from "
              + quoted
              + "), extract(month from "
              + quoted
              + "), extract(day from "
              + quoted
              + "), extract(hour from "
              + quoted
              + "), extract(minute from "
              + quoted
              + "), extract(second from "
              + quoted
              + ")) END";
      case ARRAY -> quoted + "::text[]";
      default -> quoted + "::text";
    };
  }

  @Override
  public Object read(ResultSet rs, int index, ColumnSchema column) throws SQLException {
    Object value =
        switch (column.type()) {
          case BOOLEAN -> rs.getBoolean(index);
          case INT16 -> rs.getShort(index);
          case INT32 -> rs.getInt(index);
          case INT64 -> rs.getLong(index);
          case FLOAT32 -> rs.getFloat(index);
          case FLOAT64 -> rs.getDouble(index);
          case BYTES -> isBits(column) ? rs.getString(index) : rs.getBytes(index);
          case ARRAY -> rs.getArray(index);
          default -> rs.getString(index);
        };
    if (rs.wasNull() || value == null) {
      return null;
    }
    return switch (column.type()) {
      case BOOLEAN, INT16, INT32, INT64, FLOAT32, FLOAT64 -> value;
      case BYTES ->
          value instanceof String bits
              ? PostgresEventText.bytes(column.nativeType(), column.length(), bits)
              : value;
      case INTERVAL -> PostgresEventText.interval((String) value);
      case ARRAY -> postgresArray(column, (Array) value);
      default ->
          PostgresEventText.value(
              column.type(), column.nativeType(), column.length(), (String) value);
    };
  }

  private static List<Object> postgresArray(ColumnSchema column, Array array) throws SQLException {
    try {
      Object[] elements = (Object[]) array.getArray();
      List<Object> values = new ArrayList<>(elements.length);
      String elementNative = column.nativeType().replaceFirst("^_", "");
      for (Object element : elements) {
        if (element != null && !(element instanceof String)) {
          throw new IllegalArgumentException(
              "column '" + column.name() + "' is a multi-dimensional array, which is not read");
        }
        values.add(
            PostgresEventText.value(column.elementType(), elementNative, null, (String) element));
      }
      return values;
    } finally {
      array.free();
    }
  }

  private static boolean isBits(ColumnSchema column) {
    String type = column.nativeType().toLowerCase(Locale.ROOT);
    return type.equals("bit") || type.equals("varbit");
  }
}
