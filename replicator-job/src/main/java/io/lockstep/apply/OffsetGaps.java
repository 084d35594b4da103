package io.lockstep.apply;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The offsets read so far of each change-topic partition, and the gaps between them. Lockstep's
 * producers write no transactions and change topics are not compacted, so a partition's offsets run
 * without holes: a jump means records were deleted (retention) before they were read, and Kafka's
 * consumer silently went on at the earliest offset left.
 */
final class OffsetGaps implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Offsets {@code from} to {@code to} (inclusive) of a partition were never read. */
  record Gap(String partition, long from, long to) {
    long missing() {
      return to - from + 1;
    }
  }

  private final Map<String, Long> next = new HashMap<>();

  /** Records that {@code offset} of {@code partition} was read; the gap before it, if any. */
  Gap read(String partition, long offset) {
    Long expected = next.put(partition, offset + 1);
    if (expected != null && offset > expected) {
      return new Gap(partition, expected, offset - 1);
    }
    return null;
  }

  /** The next offset expected of each partition read so far. */
  Map<String, Long> positions() {
    return Map.copyOf(next);
  }

  /** Adds positions from state; a partition's furthest position wins. */
  void restore(String partition, long nextOffset) {
    next.merge(partition, nextOffset, Math::max);
  }
}
