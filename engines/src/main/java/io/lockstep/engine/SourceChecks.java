package io.lockstep.engine;

import io.lockstep.config.PipelineConfig;
import io.lockstep.signal.SignalTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One engine's start-up checks of a source: the log settings and privileges its capture needs, and
 * what the signaling table needs on it. {@code io.lockstep.preflight.Preflight} runs them and the
 * checks that are the same on every engine. Each problem is added as one sentence that begins with
 * {@code where} and says what to change.
 */
public interface SourceChecks {

  /**
   * Checks the server's settings and the user's privileges for capture and lists the tables the
   * pipeline captures (matched by {@code source.tables}, not by {@code source.exclude-tables}),
   * checking what each needs of this engine.
   */
  List<CapturedTable> check(
      PipelineConfig config, Connection source, String where, List<String> problems)
      throws SQLException;

  /**
   * What the capture will do with {@code tables} that a user should know without it being a
   * problem, one sentence each beginning with {@code where} (a partitioned table, and how it is
   * captured); the preflight prints them.
   */
  default List<String> notes(
      PipelineConfig config, Connection source, String where, List<CapturedTable> tables)
      throws SQLException {
    return List.of();
  }

  /** Whether the user of {@code source} may insert into the existing {@code signalTable}. */
  boolean maySignal(Connection source, SignalTable signalTable) throws SQLException;

  /**
   * What else this engine needs of an existing, writable {@code signalTable} (PostgreSQL: that its
   * rows reach the slot).
   */
  void checkSignalTable(
      PipelineConfig config,
      Connection source,
      SignalTable signalTable,
      String where,
      List<String> problems)
      throws SQLException;
}
