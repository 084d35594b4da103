package io.lockstep.recovery.reconcile;

import io.lockstep.engine.TargetDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The apply job's record of values a target table could not take because it lacked their column
 * ({@code lockstep_pending_backfill}). Once the column exists, reconciliation compares it like any
 * other, so a repair run finds every row whose value is still missing and force-syncs it; when such
 * a run ends with nothing left to repair, the columns it covered are taken off the list.
 */
final class PendingBackfillList {

  private final String table;

  PendingBackfillList(TargetDialect dialect, String stateSchema) {
    this.table = dialect.quoteIdentifier(stateSchema) + ".lockstep_pending_backfill";
  }

  /** Columns of a target table listed as pending; empty when the list does not exist yet. */
  List<String> columns(Connection target, String pipeline, String schema, String name) {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps =
        target.prepareStatement(
            "SELECT column_name FROM "
                + table
                + " WHERE pipeline = ? AND table_schema = ? AND table_name = ?"
                + " ORDER BY column_name")) {
      ps.setString(1, pipeline);
      ps.setString(2, schema);
      ps.setString(3, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      return List.of(); // no apply job has written to this target yet
    }
    return columns;
  }

  void clear(Connection target, String pipeline, String schema, String name, List<String> columns)
      throws SQLException {
    try (PreparedStatement ps =
        target.prepareStatement(
            "DELETE FROM "
                + table
                + " WHERE pipeline = ? AND table_schema = ? AND table_name = ? AND column_name = ?")) {
      for (String column : columns) {
        ps.setString(1, pipeline);
        ps.setString(2, schema);
        ps.setString(3, name);
        ps.setString(4, column);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
