package io.lockstep.config;

/**
 * The values of {@code apply.missing-tables}: what the apply job does with changes of a table the
 * target lacks.
 */
public enum MissingTables implements Choice {
  /** Hold the changes until someone creates the table. */
  WAIT("wait"),
  /** Create the table from the source's columns and key. */
  CREATE("create");

  private final String word;

  MissingTables(String word) {
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
