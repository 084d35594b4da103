package io.lockstep.config;

/** The values of {@code source.snapshot-mode}; the word is Debezium's {@code snapshot.mode}. */
public enum SnapshotMode implements Choice {
  /** Copy existing rows before streaming changes. */
  INITIAL("initial"),
  /** Stream changes only. */
  NO_DATA("no_data");

  private final String word;

  SnapshotMode(String word) {
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
