package io.lockstep.config;

/** The values of {@code state.backend}: where the jobs keep their state. */
public enum StateBackendType implements Choice {
  /** On the heap. */
  HASHMAP,
  /** In RocksDB on local disk, with incremental checkpoints. */
  ROCKSDB;
}
