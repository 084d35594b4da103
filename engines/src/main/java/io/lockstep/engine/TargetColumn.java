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
 * @param generated whether the target computes the column itself ({@code GENERATED ALWAYS AS
 *     (...)}, MariaDB/MySQL {@code VIRTUAL}/{@code STORED}): it is never written, since the target
 *     refuses a value for it (PostgreSQL SQLSTATE 428C9), and holds what the target computes
 */
public record TargetColumn(
    String name, String typeName, boolean nullable, boolean array, boolean generated)
    implements Serializable {

  /** A column of a type that is not an array. */
  public TargetColumn(String name, String typeName, boolean nullable) {
    this(name, typeName, nullable, false, false);
  }

  /** A column the target does not compute. */
  public TargetColumn(String name, String typeName, boolean nullable, boolean array) {
    this(name, typeName, nullable, array, false);
  }

  /** Whether the apply writes this column: every column the target does not compute. */
  public boolean writable() {
    return !generated;
  }
}
