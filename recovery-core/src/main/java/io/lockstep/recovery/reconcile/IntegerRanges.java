package io.lockstep.recovery.reconcile;

import java.util.ArrayList;
import java.util.List;

/** The arithmetic of integer key ranges: spans, bucket widths and chunks. */
final class IntegerRanges {

  private IntegerRanges() {}

  /**
   * How many buckets to split {@code rows} rows into so that each holds about {@code leafRows}: at
   * least {@code min}, at most {@code max}.
   */
  static int buckets(long rows, int leafRows, int max, int min) {
    long wanted = (rows + leafRows - 1) / leafRows;
    return (int) Math.max(min, Math.min(max, wanted));
  }

  /** Bucket width splitting [lower, upper) into at most {@code buckets} buckets; at least 1. */
  static long width(long lower, long upper, int buckets) {
    long span = span(lower, upper);
    return Math.max(1, (span + buckets - 1) / buckets);
  }

  /** [lower, upper) cut into {@code n} unmeasured ranges of about equal span. */
  static List<KeyRange> chunks(long lower, long upper, long n) {
    long width = Math.max(1, (span(lower, upper) + n - 1) / n);
    List<KeyRange> chunks = new ArrayList<>();
    for (long from = lower; from < upper; from = from + width < from ? upper : from + width) {
      long to = upper - from <= width ? upper : from + width;
      chunks.add(KeyRange.between(List.of(Long.toString(from)), List.of(Long.toString(to))));
    }
    return chunks;
  }

  /** The smallest and largest of two sides' {min, max}, either of which may be null. */
  static long[] union(long[] a, long[] b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])};
  }

  /** The exclusive upper bound after the largest key. */
  static long exclusive(long max, String table) {
    if (max == Long.MAX_VALUE) {
      throw new IllegalArgumentException(
          "table "
              + table
              + " has the key "
              + Long.MAX_VALUE
              + ", beyond which no range can end; reconcile it by a list of keys instead");
    }
    return max + 1;
  }

  private static long span(long lower, long upper) {
    try {
      return Math.subtractExact(upper, lower);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "key range ["
              + lower
              + ", "
              + upper
              + ") spans more than 2^63 values; reconcile it in"
              + " two key ranges, below and above 0");
    }
  }

  /** Rows per key value: the catalog's row estimate over the key span; 1 when unknown. */
  static double density(long estimatedRows, long[] bounds) {
    if (estimatedRows <= 0 || bounds == null) {
      return 1;
    }
    double span = (double) bounds[1] - bounds[0] + 1;
    return Math.min(1, estimatedRows / span);
  }

  /** Estimated rows in a span of keys. */
  static long estimate(long span, double density) {
    return Math.max(1, (long) Math.ceil(span * density));
  }
}
