package io.lockstep.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * One column of a source table as the capture saw it.
 *
 * @param name column name as the source spells it
 * @param type logical type of its values
 * @param elementType for {@link ColumnType#ARRAY}, the type of the elements; otherwise null
 * @param nativeType the source engine's own type name (for example {@code numeric}, {@code int4},
 *     {@code BIGINT UNSIGNED}), for the type mapping, schema bootstrap and error messages
 * @param optional whether the column accepts NULL
 * @param length the declared length as the source gives it: characters of {@code varchar(n)} and
 *     {@code char(n)}, bits of {@code bit(n)}, bytes of {@code binary(n)}, precision of {@code
 *     numeric(p,s)}, fractional-second digits of {@code time(p)} and {@code timestamp(p)}; null
 *     when the source does not say. The type mapping uses it to keep declared sizes and falls back
 *     to the widest type when it is null.
 * @param scale the declared scale of {@code numeric(p,s)}; null when unknown or not a decimal
 */
public record ColumnSchema(
    String name,
    ColumnType type,
    ColumnType elementType,
    String nativeType,
    boolean optional,
    Integer length,
    Integer scale)
    implements Serializable {

  public ColumnSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (type == ColumnType.ARRAY && elementType == null) {
      throw new IllegalArgumentException("array column '" + name + "' needs an element type");
    }
    nativeType = nativeType == null ? "" : nativeType;
  }

  /** A column whose declared length and scale are unknown. */
  public ColumnSchema(
      String name, ColumnType type, ColumnType elementType, String nativeType, boolean optional) {
    this(name, type, elementType, nativeType, optional, null, null);
  }

  public static ColumnSchema of(String name, ColumnType type) {
    return new ColumnSchema(name, type, null, "", true);
  }
}
