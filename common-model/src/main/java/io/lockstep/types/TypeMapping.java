package io.lockstep.types;

import io.lockstep.event.ColumnSchema;

/**
 * The one mapping from a source column to a target column type (docs/type-mapping.md). Used by the
 * dialects when they create tables and by {@code lockstep schema}.
 */
public final class TypeMapping {

  private TypeMapping() {}

  /**
   * The target engine's DDL type for a source column, for example {@code numeric(20,0)} or {@code
   * datetime(6)}.
   */
  public static String targetType(Engine target, ColumnSchema source) {
    throw new UnsupportedOperationException("TODO");
  }
}
