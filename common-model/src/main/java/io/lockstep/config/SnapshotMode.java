package io.lockstep.config;

/** The values of {@code source.snapshot-mode}; the word is Debezium's {@code snapshot.mode}. */
public enum SnapshotMode implements Choice {
  /** Copy existing rows before streaming changes. */
  INITIAL,
  /** Stream changes only. */
  NO_DATA;
}
