package io.lockstep.engine;

import java.io.Serializable;

/**
 * A column of a target table as the target's catalog describes it.
 *
 * @param name column name
 * @param typeName the target's type, schema-qualified and without length or precision (for example
 *     {@code pg_catalog.numeric}, {@code pg_catalog.bpchar}, {@code pg_catalog._int4}), used to
 *     cast bound values
 * @param nullable whether the column accepts NULL
 * @param array whether the catalog says the type is an array (or a domain over one)
 */
public record TargetColumn(String name, String typeName, boolean nullable, boolean array)
    implements Serializable {

  /** A column of a type that is not an array. */
  public TargetColumn(String name, String typeName, boolean nullable) {
    this(name, typeName, nullable, false);
  }
}
