package io.lockstep.capture.spi;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One engine's reading of how much log the source keeps for the capture and how far the capture is
 * behind, into the gauges it registered ({@link CaptureEngine#logProbe}). The capture's {@code
 * SourceLogProbe} calls it on a schedule, on a connection of its own, and handles failures.
 */
public interface LogProbe {

  /** Reads the source's log positions on {@code connection} into the gauges. */
  void probe(Connection connection) throws SQLException;
}
