package io.lockstep.config;

/**
 * The values of {@code apply.missing-tables}: what the apply job does with changes of a table the
 * target lacks.
 */
public enum MissingTables implements Choice {
  /** Hold the changes until someone creates the table. */
  WAIT,
  /** Create the table from the source's columns and key. */
  CREATE;
}
