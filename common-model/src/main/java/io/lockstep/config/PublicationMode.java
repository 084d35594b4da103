package io.lockstep.config;

/** The values of {@code source.publication-mode}. */
public enum PublicationMode implements Choice {
  /** FOR TABLE the tables that match {@code source.tables} at start-up. */
  FILTERED,
  /** FOR ALL TABLES. */
  ALL_TABLES;
}
