package io.lockstep.preflight;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.signal.SignalTable;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The checks of {@code source.signal-table}: the table exists, the capture user may write the
 * watermarks of incremental snapshots into it, and on PostgreSQL its rows reach the slot. Without
 * these Debezium would not fail: it would ignore every re-snapshot signal, silently.
 */
final class SignalTableCheck {

  private SignalTableCheck() {}

  static void check(PipelineConfig config, Connection source, String where, List<String> problems)
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
    if (!writable(source, signalTable)) {
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
    if (signalTable.engine() == Engine.POSTGRES) {
      checkPublication(config, source, signalTable, where, problems);
    }
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

  /**
   * PostgreSQL answers from the catalog. MariaDB/MySQL grants can come through roles and wildcards,
   * so a probe row is inserted and rolled back; its type is Debezium's harmless {@code log}, in
   * case the table is not transactional and the row stays.
   */
  private static boolean writable(Connection source, SignalTable signalTable) throws SQLException {
    if (signalTable.engine() == Engine.POSTGRES) {
      try (PreparedStatement ps =
          source.prepareStatement("SELECT has_table_privilege(?::regclass, 'INSERT')")) {
        ps.setString(1, signalTable.sqlName());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getBoolean(1);
        }
      }
    }
    boolean autoCommit = source.getAutoCommit();
    source.setAutoCommit(false);
    try (PreparedStatement ps =
        source.prepareStatement(
            "INSERT INTO " + signalTable.sqlName() + " (id, type, data) VALUES (?, 'log', ?)")) {
      ps.setString(1, "lockstep-preflight-" + System.nanoTime());
      ps.setString(2, "{\"message\": \"Lockstep preflight: signal table is writable\"}");
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      return false;
    } finally {
      source.rollback();
      source.setAutoCommit(autoCommit);
    }
  }

  /**
   * An existing publication that lists its tables must list the signaling table, or its rows never
   * reach the slot. The capture adds it itself when its user owns every table the publication lists
   * (Debezium's filtered publication mode); otherwise the owner must.
   */
  private static void checkPublication(
      PipelineConfig config,
      Connection source,
      SignalTable signalTable,
      String where,
      List<String> problems)
      throws SQLException {
    try (PreparedStatement ps =
        source.prepareStatement(
            "SELECT p.puballtables,"
                + " EXISTS (SELECT 1 FROM pg_publication_tables t WHERE t.pubname = p.pubname"
                + "   AND t.schemaname = ? AND t.tablename = ?),"
                + " pg_has_role((SELECT c.relowner FROM pg_class c WHERE c.oid = ?::regclass),"
                + "   'USAGE')"
                + " FROM pg_publication p WHERE p.pubname = ?")) {
      ps.setString(1, signalTable.schema());
      ps.setString(2, signalTable.table());
      ps.setString(3, signalTable.sqlName());
      ps.setString(4, config.publicationName());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && !rs.getBoolean(1) && !rs.getBoolean(2) && !rs.getBoolean(3)) {
          problems.add(
              where
                  + ": publication '"
                  + config.publicationName()
                  + "' does not publish source.signal-table "
                  + signalTable.qualified()
                  + ", so re-snapshot signals would never reach the capture, and user '"
                  + config.get(PipelineOptions.SOURCE_USER)
                  + "' may not add it. Have the owner run: ALTER PUBLICATION "
                  + config.publicationName()
                  + " ADD TABLE "
                  + signalTable.sqlName()
                  + ";");
        }
      }
    }
  }
}
