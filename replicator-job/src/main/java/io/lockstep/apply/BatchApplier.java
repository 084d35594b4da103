package io.lockstep.apply;

import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetColumn;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import io.lockstep.event.ValueCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes buffered changes to the target in as few statements as possible: per table, one multi-row
 * delete and one multi-row upsert per set of columns, chunked to the dialect's parameter limit. The
 * caller owns the transaction.
 */
final class BatchApplier {

  private static final Logger LOG = LoggerFactory.getLogger(BatchApplier.class);

  private final TargetDialect dialect;
  private final MetadataColumns metadata;
  private final TargetTableCache tables;
  private final EpochFence fence;
  private final TruncateBarrier truncates;
  private final PendingBackfill backfill;
  private final Set<String> warnedMissingColumns = new HashSet<>();

  BatchApplier(
      TargetDialect dialect,
      MetadataColumns metadata,
      TargetTableCache tables,
      EpochFence fence,
      TruncateBarrier truncates,
      PendingBackfill backfill) {
    this.dialect = dialect;
    this.metadata = metadata;
    this.tables = tables;
    this.fence = fence;
    this.truncates = truncates;
    this.backfill = backfill;
  }

  /** Writes {@code changes} (at most one per row, and truncates) in the caller's transaction. */
  void apply(Connection connection, List<ChangeEvent> changes) throws SQLException {
    backfill.clear();
    tables.beginTransaction();
    fence.prepare(connection);
    Map<TableId, List<ChangeEvent>> byTable = new LinkedHashMap<>();
    // Truncates first: a row change of the batch from before one is then dropped, one from after
    // it is written (TruncateBarrier).
    for (ChangeEvent change :
        truncates.apply(connection, fence.admit(connection, changes), tables)) {
      byTable.computeIfAbsent(change.table(), t -> new ArrayList<>()).add(change);
    }
    for (List<ChangeEvent> rows : byTable.values()) {
      ChangeEvent first = rows.get(0);
      TargetTable table = tables.get(connection, first.schema());
      fence.register(connection, table);
      List<ChangeEvent> deletes = new ArrayList<>();
      Map<List<TargetColumn>, List<ChangeEvent>> upserts = new LinkedHashMap<>();
      for (ChangeEvent row : rows) {
        if (row.isDelete()) {
          deletes.add(row);
        } else {
          upserts.computeIfAbsent(columnsToWrite(table, row), c -> new ArrayList<>()).add(row);
        }
      }
      // Keys are unique within a batch, so the order of these statements does not matter.
      if (!deletes.isEmpty()) {
        delete(connection, table, deletes);
      }
      for (Map.Entry<List<TargetColumn>, List<ChangeEvent>> group : upserts.entrySet()) {
        upsert(connection, table, group.getKey(), group.getValue());
      }
    }
    if (metadata.enabled()) {
      backfill.flush(connection);
    }
  }

  /**
   * The columns of the row image that the target table has and writes, in target order: a column
   * the target generates is left to the target.
   */
  private List<TargetColumn> columnsToWrite(TargetTable table, ChangeEvent row) {
    List<TargetColumn> columns = new ArrayList<>();
    for (TargetColumn column : table.columns()) {
      if (row.after().containsKey(column.name())
          && column.writable()
          && !metadata.isMetadata(column.name())) {
        columns.add(column);
      }
    }
    if (columns.size() < row.after().size()) {
      // Some are not written: generated on the target, or missing there (recorded for backfill).
      for (String name : row.after().keySet()) {
        if (table.column(name).isEmpty()) {
          backfill.add(table, name, row.position());
          if (warnedMissingColumns.add(table.qualifiedName() + "." + name)) {
            warnMissing(table, row, name);
          }
        }
      }
    }
    return columns;
  }

  private void warnMissing(TargetTable table, ChangeEvent row, String name) {
    List<String> onlyOnTarget = new ArrayList<>();
    for (TargetColumn column : table.columns()) {
      if (row.schema().column(column.name()).isEmpty() && !metadata.isMetadata(column.name())) {
        onlyOnTarget.add(column.name());
      }
    }
    LOG.warn(
        "Source column {}.{} has no counterpart in target table {}; its values are recorded in"
            + " lockstep_pending_backfill, not written. Add the column to the target{}.",
        row.table(),
        name,
        table.qualifiedName(),
        onlyOnTarget.isEmpty()
            ? ""
            : "; if it is a renamed " + onlyOnTarget + ", rename that column on the target too");
  }

  private void upsert(
      Connection connection, TargetTable table, List<TargetColumn> columns, List<ChangeEvent> rows)
      throws SQLException {
    if (dialect.supportsColumnArrays(table, columns)) {
      upsertArrays(connection, table, columns, rows);
      return;
    }
    int perRow = columns.size() + metadata.names().size();
    int chunk = dialect.maxRowsPerStatement(perRow);
    for (int start = 0; start < rows.size(); start += chunk) {
      List<ChangeEvent> part = rows.subList(start, Math.min(rows.size(), start + chunk));
      try (PreparedStatement statement =
          connection.prepareStatement(dialect.upsertSql(table, columns, metadata, part.size()))) {
        int index = 1;
        for (ChangeEvent row : part) {
          for (TargetColumn column : columns) {
            ColumnSchema source = row.schema().column(column.name()).orElseThrow();
            dialect.bindValue(statement, index++, column, source, row.after().get(column.name()));
          }
          if (metadata.enabled()) {
            index =
                dialect.bindMetadata(
                    statement, index, origin(row), row.commitTime(), row.position());
          }
        }
        statement.executeUpdate();
      }
    }
  }

  /** One statement for all rows: an array of values per column (see the dialect). */
  private void upsertArrays(
      Connection connection, TargetTable table, List<TargetColumn> columns, List<ChangeEvent> rows)
      throws SQLException {
    int n = rows.size();
    String[][] values = new String[columns.size()][n];
    String[] commitTimes = new String[n];
    String[] positions = new String[n];
    String[] origins = new String[n];
    ColumnSchema[] sources = new ColumnSchema[columns.size()];
    TableSchema sourceSchema = null;
    for (int r = 0; r < n; r++) {
      ChangeEvent row = rows.get(r);
      if (row.schema() != sourceSchema) {
        // Events decoded from one batch mostly share a schema; look columns up once per schema.
        sourceSchema = row.schema();
        for (int c = 0; c < sources.length; c++) {
          sources[c] = sourceSchema.column(columns.get(c).name()).orElseThrow();
        }
      }
      Map<String, Object> after = row.after();
      for (int c = 0; c < sources.length; c++) {
        values[c][r] = dialect.arrayElement(sources[c], after.get(columns.get(c).name()));
      }
      commitTimes[r] = ValueCodec.formatInstant(row.commitTime());
      positions[r] = row.position();
      origins[r] = origin(row);
    }
    try (PreparedStatement statement =
        connection.prepareStatement(dialect.upsertArraysSql(table, columns, metadata))) {
      int index = 1;
      for (String[] column : values) {
        dialect.bindArray(statement, index++, column);
      }
      if (metadata.enabled()) {
        dialect.bindArray(statement, index++, origins);
        dialect.bindArray(statement, index++, commitTimes);
        dialect.bindArray(statement, index, positions);
      }
      statement.executeUpdate();
    }
  }

  /** Captured changes are replication's; an image the recovery service re-read is force-sync's. */
  private static String origin(ChangeEvent row) {
    return ChangeEvent.ORIGIN_FORCE_SYNC.equals(row.origin())
        ? MetadataColumns.ORIGIN_FORCE_SYNC
        : MetadataColumns.ORIGIN_REPLICATION;
  }

  private void delete(Connection connection, TargetTable table, List<ChangeEvent> rows)
      throws SQLException {
    List<TargetColumn> keys = new ArrayList<>();
    table.primaryKey().forEach(k -> keys.add(table.column(k).orElseThrow()));
    if (dialect.supportsColumnArrays(table, keys)) {
      deleteArrays(connection, table, keys, rows);
      return;
    }
    int perRow = table.primaryKey().size() + (metadata.enabled() ? 1 : 0);
    int chunk = dialect.maxRowsPerStatement(perRow);
    for (int start = 0; start < rows.size(); start += chunk) {
      List<ChangeEvent> part = rows.subList(start, Math.min(rows.size(), start + chunk));
      try (PreparedStatement statement =
          connection.prepareStatement(dialect.deleteSql(table, metadata, part.size()))) {
        int index = 1;
        for (ChangeEvent row : part) {
          for (String key : table.primaryKey()) {
            TargetColumn column = table.column(key).orElseThrow();
            ColumnSchema source = row.schema().column(key).orElseThrow();
            dialect.bindValue(statement, index++, column, source, row.key().get(key));
          }
          if (metadata.enabled()) {
            statement.setString(index++, row.position());
          }
        }
        statement.executeUpdate();
      }
    }
  }

  private void deleteArrays(
      Connection connection, TargetTable table, List<TargetColumn> keys, List<ChangeEvent> rows)
      throws SQLException {
    int n = rows.size();
    String[][] values = new String[keys.size()][n];
    String[] positions = new String[n];
    for (int r = 0; r < n; r++) {
      ChangeEvent row = rows.get(r);
      for (int c = 0; c < keys.size(); c++) {
        String key = keys.get(c).name();
        ColumnSchema source = row.schema().column(key).orElseThrow();
        values[c][r] = dialect.arrayElement(source, row.key().get(key));
      }
      positions[r] = row.position();
    }
    try (PreparedStatement statement =
        connection.prepareStatement(dialect.deleteArraysSql(table, metadata))) {
      int index = 1;
      for (String[] column : values) {
        dialect.bindArray(statement, index++, column);
      }
      if (metadata.enabled()) {
        dialect.bindArray(statement, index, positions);
      }
      statement.executeUpdate();
    }
  }
}
