package io.lockstep.apply;

import io.lockstep.event.ChangeEvent;
import io.lockstep.event.TableId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Changes waiting to be written, at most one per row: a later change of a key replaces the earlier
 * one, because it holds the row's whole newer state (an upsert's full image, or a delete). So a
 * delete and an upsert of one key are never reordered: only the last survives.
 */
final class ChangeBuffer {

  private final Map<TableId, Map<String, ChangeEvent>> byTable = new LinkedHashMap<>();
  private int received;
  private int pending;

  /** Adds a change; {@code rowKey} identifies its row within its table. */
  void add(String rowKey, ChangeEvent event) {
    Map<String, ChangeEvent> rows =
        byTable.computeIfAbsent(event.table(), t -> new LinkedHashMap<>());
    ChangeEvent previous = rows.remove(rowKey);
    rows.put(rowKey, previous == null ? event : merge(previous, event));
    received++;
    if (previous == null) {
      pending++;
    }
  }

  /**
   * A later update that omits columns (TOAST values it did not change) keeps the earlier image's
   * values for them, so that folding two changes never loses a column.
   */
  private static ChangeEvent merge(ChangeEvent earlier, ChangeEvent later) {
    if (later.isDelete()
        || earlier.isDelete()
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
        later.transactionId());
  }

  Map<TableId, Collection<ChangeEvent>> byTable() {
    Map<TableId, Collection<ChangeEvent>> view = new LinkedHashMap<>();
    byTable.forEach((table, rows) -> view.put(table, rows.values()));
    return view;
  }

  /** Changes received since the last clear, superseded ones included. */
  int received() {
    return received;
  }

  /** Rows to write. */
  int pending() {
    return pending;
  }

  boolean isEmpty() {
    return pending == 0;
  }

  void clear() {
    byTable.clear();
    received = 0;
    pending = 0;
  }
}
