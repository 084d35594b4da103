package io.lockstep.preflight;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.engine.SourceChecks;
import io.lockstep.signal.SignalTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The checks of {@code source.signal-table}: the table exists, the capture user may write the
 * watermarks of incremental snapshots into it ({@link SourceChecks#maySignal}), and what its engine
 * needs besides (on PostgreSQL, that its rows reach the slot). Without these Debezium would not
 * fail: it would ignore every re-snapshot signal, silently.
 */
final class SignalTableCheck {

  private SignalTableCheck() {}

  static void check(
      PipelineConfig config,
      SourceChecks engine,
      Connection source,
      String where,
      List<String> problems)
      throws SQLException {
    SignalTable signalTable = SignalTable.of(config).orElse(null);
    if (signalTable == null) {
      return;
    }
    String user = config.get(PipelineOptions.SOURCE_USER);
    if (!exists(source, signalTable)) {
      problems.add(
          where
              + ": source.signal-table "
              + signalTable.qualified()
              + " does not exist. Create it: "
              + signalTable.createTableSql()
              + "; and let the capture user and the recovery service's user write it: GRANT"
              + " SELECT, INSERT ON "
              + signalTable.sqlName()
              + " TO "
              + user
              + ";");
      return;
    }
    if (!engine.maySignal(source, signalTable)) {
      problems.add(
          where
              + ": user '"
              + user
              + "' may not write source.signal-table "
              + signalTable.qualified()
              + ", where the capture writes the watermarks of incremental snapshots. Run: GRANT"
              + " SELECT, INSERT ON "
              + signalTable.sqlName()
              + " TO "
              + user
              + ";");
    }
    engine.checkSignalTable(config, source, signalTable, where, problems);
  }

  private static boolean exists(Connection source, SignalTable signalTable) throws SQLException {
    try (PreparedStatement ps =
        source.prepareStatement(
            "SELECT count(*) FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_name = ?")) {
      ps.setString(1, signalTable.schema());
      ps.setString(2, signalTable.table());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }
}
