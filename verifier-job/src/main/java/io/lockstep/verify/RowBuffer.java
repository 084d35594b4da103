package io.lockstep.verify;

import java.util.HashMap;
import java.util.Map;

/**
 * Pending rows kept on the heap in front of the keyed state (RocksDB in production), up to a fixed
 * number of rows. Most rows are checked within one delay of arriving, so with a delay shorter than
 * the checkpoint interval most never reach RocksDB at all; a row changed many times between two
 * checkpoints is written there once. The keyed state stays the record: {@link DelayedCheck} writes
 * every changed row to it before each checkpoint barrier, so a checkpoint holds every pending row
 * and this buffer starts empty after a restore.
 */
final class RowBuffer {

  /** One buffered row. */
  static final class Entry {
    PendingRow row;

    /** A copy of this row is in the keyed state (written before a checkpoint, or read from it). */
    boolean stored;

    /** The row has changed since it was last written to the keyed state. */
    boolean dirty;

    Entry(PendingRow row, boolean stored) {
      this.row = row;
      this.stored = stored;
      this.dirty = true;
    }
  }

  private final int capacity;
  private final Map<String, Entry> entries = new HashMap<>();

  RowBuffer(int capacity) {
    this.capacity = capacity;
  }

  Entry get(String key) {
    return entries.get(key);
  }

  /** Buffers {@code row} if there is room, and says whether there was. */
  boolean offer(String key, PendingRow row, boolean stored) {
    if (entries.size() >= capacity) {
      return false;
    }
    entries.put(key, new Entry(row, stored));
    return true;
  }

  void remove(String key) {
    entries.remove(key);
  }

  int size() {
    return entries.size();
  }

  Iterable<Map.Entry<String, Entry>> entries() {
    return entries.entrySet();
  }
}
