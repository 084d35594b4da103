package io.lockstep.engine;

import io.lockstep.event.ColumnType;

/**
 * The logical type of a catalog column type, with the element type of arrays: the same type the
 * capture gives that column's values in change events (Debezium's mapping with Lockstep's connector
 * settings), so that a table read from the catalog and its events agree.
 */
public record CatalogType(ColumnType type, ColumnType elementType) {

  public static CatalogType of(ColumnType type) {
    return new CatalogType(type, null);
  }
}
