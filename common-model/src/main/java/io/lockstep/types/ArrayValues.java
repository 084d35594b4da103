package io.lockstep.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The canonical form of an array value for {@link ValueNormaliser}: a JSON array of its elements'
 * canonical texts (nested for multi-dimensional arrays), from the event's List, pgjdbc's
 * java.sql.Array, or the JSON text a MariaDB/MySQL {@code json} column holds for a PostgreSQL
 * array.
 */
final class ArrayValues {

  private ArrayValues() {}

  static String canonical(ColumnSchema column, Object value) {
    ColumnSchema element = elementColumn(column);
    List<?> elements = elements(column, value);
    if (elements == null) {
      return JsonCanonical.of(
          ValueNormaliser.text(value)); // neither an array nor Lockstep's JSON of one
    }
    return JsonCanonical.write(arrayNode(element, elements));
  }

  private static ArrayNode arrayNode(ColumnSchema element, List<?> elements) {
    ArrayNode node = JsonNodeFactory.instance.arrayNode(elements.size());
    for (Object e : elements) {
      List<?> nested = e == null || e instanceof String ? null : nestedElements(e);
      if (nested != null) {
        node.add(arrayNode(element, nested)); // a multi-dimensional PostgreSQL array
      } else {
        Object canonical = ValueNormaliser.normalise(element, e);
        if (canonical == null) {
          node.addNull();
        } else {
          node.add(canonical.toString());
        }
      }
    }
    return node;
  }

  private static List<?> elements(ColumnSchema column, Object value) {
    if (value instanceof String json) {
      JsonNode node = JsonCanonical.parse(json);
      return node != null && node.isArray() ? jsonElements(column.elementType(), node) : null;
    }
    return nestedElements(value);
  }

  /**
   * The elements of an array as a MariaDB/MySQL json column holds it (MariaDbDialect writes
   * booleans and finite numbers as JSON literals, bytes as base64, everything else as strings):
   * Java values {@link #normalise} reads like the array's own elements.
   */
  private static List<Object> jsonElements(ColumnType elementType, JsonNode array) {
    List<Object> elements = new ArrayList<>(array.size());
    for (JsonNode e : array) {
      if (e.isNull()) {
        elements.add(null);
      } else if (e.isBoolean()) {
        elements.add(e.booleanValue());
      } else if (e.isNumber()) {
        elements.add(e.decimalValue());
      } else if (e.isArray()) {
        elements.add(jsonElements(elementType, e));
      } else if (e.isTextual()) {
        elements.add(elementType == ColumnType.BYTES ? base64(e.textValue()) : e.textValue());
      } else {
        elements.add(JsonCanonical.write(e));
      }
    }
    return elements;
  }

  private static Object base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /** The elements of a List, a java.sql.Array or an object array; null for anything else. */
  private static List<?> nestedElements(Object value) {
    if (value instanceof List<?> list) {
      return list;
    }
    if (value instanceof Array array) {
      try {
        return nestedElements(array.getArray());
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read an ARRAY value: " + e.getMessage(), e);
      }
    }
    if (value instanceof Object[] objects) {
      return Arrays.asList(objects);
    }
    return null;
  }

  private static ColumnSchema elementColumn(ColumnSchema column) {
    SourceType source = SourceType.of(column.nativeType());
    ColumnType type = column.elementType() == null ? ColumnType.OTHER : column.elementType();
    return new ColumnSchema(
        column.name(), type, null, source.base(), true, column.length(), column.scale());
  }
}
