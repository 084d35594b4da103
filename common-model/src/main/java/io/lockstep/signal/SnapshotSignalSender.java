package io.lockstep.signal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Asks the capture to re-snapshot a table while it streams: inserts Debezium's {@code
 * execute-snapshot} signal (an incremental snapshot of one table) into the signaling table. The
 * insert reaches the capture through the change stream, in commit order with every other change, so
 * nothing but a connection to the source is needed.
 */
public final class SnapshotSignalSender {

  /** Debezium's signal type for an ad hoc snapshot. */
  public static final String EXECUTE_SNAPSHOT = "execute-snapshot";

  /**
   * A signal as written to the signaling table.
   *
   * @param data Debezium's JSON: the tables to snapshot and the snapshot type
   */
  public record Signal(String id, String type, String data) {}

  private final SignalTable signalTable;

  public SnapshotSignalSender(SignalTable signalTable) {
    this.signalTable = signalTable;
  }

  public SignalTable signalTable() {
    return signalTable;
  }

  /** The signal for an incremental snapshot of {@code table} ({@code schema.table}). */
  public static Signal incrementalSnapshotOf(String table) {
    String data =
        "{\"data-collections\": [\"" + jsonText(table) + "\"], \"type\": \"incremental\"}";
    return new Signal(UUID.randomUUID().toString(), EXECUTE_SNAPSHOT, data);
  }

  /**
   * Sends an incremental snapshot of {@code table} ({@code schema.table}, {@code database.table} on
   * MariaDB/MySQL; a name the caller has checked against the pipeline's tables) and returns what
   * was sent. Commits, unless the connection is in auto-commit mode.
   *
   * @throws SQLException when the signaling table is missing or not writable, named in the message
   */
  public Signal resnapshot(Connection source, String table) throws SQLException {
    Signal signal = incrementalSnapshotOf(table);
    try (PreparedStatement insert =
        source.prepareStatement(
            "INSERT INTO " + signalTable.sqlName() + " (id, type, data) VALUES (?, ?, ?)")) {
      insert.setString(1, signal.id());
      insert.setString(2, signal.type());
      insert.setString(3, signal.data());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new SQLException(
          "cannot write the re-snapshot signal into the signaling table "
              + signalTable.qualified()
              + " (source.signal-table): "
              + e.getMessage()
              + ". The table must exist ("
              + signalTable.createTableSql()
              + ") and the user must have INSERT on it.",
          e.getSQLState(),
          e);
    }
    if (!source.getAutoCommit()) {
      source.commit();
    }
    return signal;
  }

  private static String jsonText(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
