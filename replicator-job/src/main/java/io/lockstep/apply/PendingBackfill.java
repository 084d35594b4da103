package io.lockstep.apply;

import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values the target could not take because it lacked their column (the column was added on the
 * source first, or renamed there). They are counted per table and column, with the range of
 * positions, in {@code lockstep_pending_backfill} on the target, in the same transaction as the
 * rows they belong to, so that reconciliation can fill them in once the column exists.
 */
final class PendingBackfill {

  private record Range(String first, String last, long rows) {
    Range add(String position) {
      return new Range(
          position.compareTo(first) < 0 ? position : first,
          position.compareTo(last) > 0 ? position : last,
          rows + 1);
    }
  }

  private final TargetDialect dialect;
  private final String pipeline;
  private final String schema;
  private final Map<String, Map<String, Range>> byTable = new LinkedHashMap<>();
  private final Map<String, TargetTable> tables = new LinkedHashMap<>();

  PendingBackfill(TargetDialect dialect, String pipeline, String schema) {
    this.dialect = dialect;
    this.pipeline = pipeline;
    this.schema = schema;
  }

  void add(TargetTable table, String column, String position) {
    tables.putIfAbsent(table.qualifiedName(), table);
    byTable
        .computeIfAbsent(table.qualifiedName(), t -> new LinkedHashMap<>())
        .merge(column, new Range(position, position, 1), (a, b) -> a.add(position));
  }

  /** Writes what was collected in the caller's transaction, and forgets it. */
  void flush(Connection connection) throws SQLException {
    if (byTable.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(dialect.recordPendingBackfillSql(schema))) {
      for (Map.Entry<String, Map<String, Range>> table : byTable.entrySet()) {
        TargetTable target = tables.get(table.getKey());
        for (Map.Entry<String, Range> column : table.getValue().entrySet()) {
          ps.setString(1, pipeline);
          ps.setString(2, target.schema());
          ps.setString(3, target.name());
          ps.setString(4, column.getKey());
          ps.setString(5, column.getValue().first());
          ps.setString(6, column.getValue().last());
          ps.setLong(7, column.getValue().rows());
          ps.addBatch();
        }
      }
      ps.executeBatch();
    } finally {
      clear();
    }
  }

  void clear() {
    byTable.clear();
    tables.clear();
  }
}
