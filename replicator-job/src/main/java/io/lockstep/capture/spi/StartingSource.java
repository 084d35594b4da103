package io.lockstep.capture.spi;

import java.util.List;
import java.util.Map;

/**
 * What the connector's settings need of the source as it is when the capture starts, read from it
 * then ({@link CaptureEngine#startingSource}).
 *
 * @param tablesLeftOut {@code schema.table} of tables {@code source.tables} matches that must not
 *     be captured as tables of their own: PostgreSQL's partitions, whose changes come as their
 *     root's
 * @param settings connector settings that depend on the server, set over every other
 */
public record StartingSource(List<String> tablesLeftOut, Map<String, String> settings) {

  /** Nothing to leave out, nothing to set. */
  public static final StartingSource NOTHING = new StartingSource(List.of(), Map.of());

  public StartingSource {
    tablesLeftOut = List.copyOf(tablesLeftOut);
    settings = Map.copyOf(settings);
  }
}
