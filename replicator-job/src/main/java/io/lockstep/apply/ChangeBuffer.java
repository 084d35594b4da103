package io.lockstep.apply;

import io.lockstep.event.ChangeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes waiting to be written, at most one per row: a later change of a key replaces the earlier
 * one, because it holds the row's whole newer state (an upsert's full image, or a delete). So a
 * delete and an upsert of one key are never reordered: only the last survives.
 */
final class ChangeBuffer {

  /** A row waiting to be written; {@code routingKey} identifies the row across tables. */
  record PendingRow(String routingKey, ChangeEvent event) {}

  private final Map<String, PendingRow> rows = new LinkedHashMap<>();
  private int received;

  /** Adds a change and returns what is now pending for its row. */
  PendingRow add(String routingKey, ChangeEvent event) {
    PendingRow previous = rows.remove(routingKey);
    PendingRow row =
        new PendingRow(routingKey, previous == null ? event : merge(previous.event(), event));
    rows.put(routingKey, row);
    received++;
    return row;
  }

  boolean contains(String routingKey) {
    return rows.containsKey(routingKey);
  }

  /**
   * A later update that omits columns (TOAST values it did not change) keeps the earlier image's
   * values for them, so that folding two changes never loses a column.
   */
  private static ChangeEvent merge(ChangeEvent earlier, ChangeEvent later) {
    if (later.isDelete()
        || earlier.isDelete()
        || later.isTruncate()
        || earlier.isTruncate()
        || later.after().keySet().containsAll(earlier.after().keySet())) {
      return later;
    }
    Map<String, Object> after = new LinkedHashMap<>(earlier.after());
    after.putAll(later.after());
    return new ChangeEvent(
        later.version(),
        later.operation(),
        later.schema(),
        later.key(),
        later.before(),
        after,
        later.commitTime(),
        later.position(),
        later.transactionId(),
        later.origin());
  }

  List<PendingRow> rows() {
    return new ArrayList<>(rows.values());
  }

  /** Changes received since the last clear, superseded ones included. */
  int received() {
    return received;
  }

  /** Rows to write. */
  int pending() {
    return rows.size();
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void clear() {
    rows.clear();
    received = 0;
  }
}
