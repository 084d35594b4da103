package io.lockstep.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * One column of a source table as the capture saw it.
 *
 * @param name column name as the source spells it
 * @param type logical type of its values
 * @param elementType for {@link ColumnType#ARRAY}, the type of the elements; otherwise null
 * @param nativeType the source engine's own type name (for example {@code numeric}, {@code int4}),
 *     for schema bootstrap and error messages
 * @param optional whether the column accepts NULL
 */
public record ColumnSchema(
    String name, ColumnType type, ColumnType elementType, String nativeType, boolean optional)
    implements Serializable {

  public ColumnSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (type == ColumnType.ARRAY && elementType == null) {
      throw new IllegalArgumentException("array column '" + name + "' needs an element type");
    }
    nativeType = nativeType == null ? "" : nativeType;
  }

  public static ColumnSchema of(String name, ColumnType type) {
    return new ColumnSchema(name, type, null, "", true);
  }
}
