package io.lockstep.catalog;

import io.lockstep.event.ChangeEvent;
import io.lockstep.event.TableSchema;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A source row read by key, typed as a change event of it would be.
 *
 * @param schema the table's schema as an event of this row carries it: the table's, except that a
 *     MariaDB/MySQL {@code TIME} column holding a value outside a day is {@link
 *     io.lockstep.event.ColumnType#OTHER} (its value is then MySQL's text), as the capture types it
 * @param values every column's value, in column order
 */
public record RowImage(TableSchema schema, Map<String, Object> values) {

  public RowImage {
    // LinkedHashMap: column order, and NULL values.
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The primary-key values, in key order. */
  public Map<String, Object> key() {
    return ChangeEvent.keyOf(schema, values);
  }

  /** The row as a snapshot-read event at {@code position}, read at {@code readTime}. */
  public ChangeEvent toSnapshotRead(Instant readTime, String position) {
    return ChangeEvent.snapshotRead(schema, values, readTime, position);
  }
}
