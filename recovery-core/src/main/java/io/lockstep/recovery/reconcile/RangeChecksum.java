package io.lockstep.recovery.reconcile;

import java.math.BigInteger;

/**
 * The checksum of one bucket of keys on one side: its row count, the exact sum of its rows' hashes
 * computed in the database, and the sum of the hashes of the columns compared in Java (zero when
 * there are none). Sums are order-independent, so the two sides agree whatever order they read.
 */
record RangeChecksum(long rows, BigInteger sum, BigInteger javaSum) {

  static final RangeChecksum EMPTY = new RangeChecksum(0, BigInteger.ZERO, BigInteger.ZERO);

  RangeChecksum add(long moreRows, BigInteger hash, BigInteger javaHash) {
    return new RangeChecksum(rows + moreRows, sum.add(hash), javaSum.add(javaHash));
  }
}
