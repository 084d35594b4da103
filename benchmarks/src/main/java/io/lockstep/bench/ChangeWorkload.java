package io.lockstep.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded, repeatable stream of row changes over the {@link OrdersTable}: 30% inserts of new keys,
 * 60% updates and 10% deletes of live keys chosen at random. The same seed gives the same changes,
 * so a baseline and Lockstep can be fed the same backlog, and the final state of the table is known
 * without reading it ({@link #expectedState()}).
 */
final class ChangeWorkload {

  enum Kind {
    INSERT,
    UPDATE,
    DELETE
  }

  /** One change: the row {@code id} at {@code version} (for deletes, the version removed). */
  record RowChange(Kind kind, long id, long version) {}

  private final SplittableRandom random;
  private long[] live = new long[1024];
  private int liveCount;
  private long[] versions = new long[1024];
  private long nextId = 1;
  private long versionSum;
  private long produced;

  ChangeWorkload(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The next change; an insert whenever no row is live. */
  RowChange next() {
    produced++;
    int dice = random.nextInt(100);
    if (liveCount == 0 || dice < 30) {
      return insert();
    }
    int slot = random.nextInt(liveCount);
    long id = live[slot];
    if (dice < 90) {
      versions[(int) id]++;
      versionSum++;
      return new RowChange(Kind.UPDATE, id, versions[(int) id]);
    }
    live[slot] = live[--liveCount];
    long version = versions[(int) id];
    versionSum -= version;
    versions[(int) id] = 0;
    return new RowChange(Kind.DELETE, id, version);
  }

  /** An insert of a new key, whatever the dice say: seeds a table before the measured backlog. */
  RowChange insert() {
    long id = nextId++;
    if (liveCount == live.length) {
      live = Arrays.copyOf(live, live.length * 2);
    }
    while (id >= versions.length) {
      versions = Arrays.copyOf(versions, versions.length * 2);
    }
    live[liveCount++] = id;
    versions[(int) id] = 1;
    versionSum += 1;
    return new RowChange(Kind.INSERT, id, 1);
  }

  long produced() {
    return produced;
  }

  /** Row count and version sum of the table once every change so far is applied. */
  OrdersTable.State expectedState() {
    return new OrdersTable.State(liveCount, versionSum);
  }
}
