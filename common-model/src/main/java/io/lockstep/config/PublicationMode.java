package io.lockstep.config;

/** The values of {@code source.publication-mode}. */
public enum PublicationMode implements Choice {
  /** FOR TABLE the tables that match {@code source.tables} at start-up. */
  FILTERED("filtered"),
  /** FOR ALL TABLES. */
  ALL_TABLES("all_tables");

  private final String word;

  PublicationMode(String word) {
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
