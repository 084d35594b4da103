package io.lockstep.recovery.reconcile;

import java.util.List;

/**
 * A range of primary keys, {@code lower <= key < upper} in key order, each bound a key as its
 * columns' canonical texts ({@link io.lockstep.types.ValueNormaliser}); a null bound is open. The
 * row counts, when known, come from the checksums of the parent range that showed this one to
 * differ; null for ranges not yet measured (the whole table, a chunk of it).
 *
 * @param lower first key in the range, or null for no lower bound
 * @param upper first key after the range, or null for no upper bound
 * @param sourceRows rows of the range on the source, or null when not measured
 * @param targetRows rows of the range on the target, or null when not measured
 */
public record KeyRange(List<String> lower, List<String> upper, Long sourceRows, Long targetRows) {

  public KeyRange {
    lower = lower == null ? null : List.copyOf(lower);
    upper = upper == null ? null : List.copyOf(upper);
  }

  /** Every key. */
  public static KeyRange all() {
    return new KeyRange(null, null, null, null);
  }

  /** Keys from {@code lower} (inclusive) to {@code upper} (exclusive); either may be null. */
  public static KeyRange between(List<String> lower, List<String> upper) {
    return new KeyRange(lower, upper, null, null);
  }

  boolean measured() {
    return sourceRows != null && targetRows != null;
  }

  /** The larger side's row count; only for measured ranges. */
  long rows() {
    return Math.max(sourceRows, targetRows);
  }

  @Override
  public String toString() {
    return "[" + (lower == null ? "-inf" : lower) + ", " + (upper == null ? "+inf" : upper) + ")";
  }
}
