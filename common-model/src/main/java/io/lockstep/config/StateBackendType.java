package io.lockstep.config;

/** The values of {@code state.backend}: where the jobs keep their state. */
public enum StateBackendType implements Choice {
  /** On the heap. */
  HASHMAP("hashmap"),
  /** In RocksDB on local disk, with incremental checkpoints. */
  ROCKSDB("rocksdb");

  private final String word;

  StateBackendType(String word) {
    this.word = word;
  }

  @Override
  public String word() {
    return word;
  }

  @Override
  public String toString() {
    return word;
  }
}
