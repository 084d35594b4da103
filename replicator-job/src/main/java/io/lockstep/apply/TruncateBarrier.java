package io.lockstep.apply;

import io.lockstep.config.TableNaming;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.event.ChangeEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies source truncates so that they act as a barrier in the stream of a table, although a
 * truncate has no key and the table's row changes travel on several partitions and apply tasks.
 *
 * <p>With metadata columns, a truncate at position P records P as the table's <em>truncate
 * floor</em> ({@code lockstep_truncations}) and deletes every row whose stored position is below P
 * (or unknown). From then on a row change below the floor of its table is dropped, in every apply
 * task: it happened before the truncate, which removed its row. A change after the truncate is
 * above P, so a row it wrote before the truncate was applied survives the delete. Both hold in any
 * order of arrival, so the one truncate record is applied once, by whichever task reads it. Every
 * write transaction reads the floors after taking the epoch row's shared lock, and a truncate takes
 * that lock exclusively, so no write runs between a truncate's delete and its floor.
 *
 * <p>Without metadata columns there are no positions: the truncate deletes every row when the apply
 * task that reads it gets there, after writing what it buffered before it. That is exact only when
 * the table's changes reach apply in one order (docs/architecture.md, "Truncate").
 */
final class TruncateBarrier {

  private static final Logger LOG = LoggerFactory.getLogger(TruncateBarrier.class);

  private final TargetDialect dialect;
  private final MetadataColumns metadata;
  private final TableNaming naming;
  private final String pipeline;
  private final String stateSchema;

  TruncateBarrier(
      TargetDialect dialect,
      MetadataColumns metadata,
      TableNaming naming,
      String pipeline,
      String stateSchema) {
    this.dialect = dialect;
    this.metadata = metadata;
    this.naming = naming;
    this.pipeline = pipeline;
    this.stateSchema = stateSchema;
  }

  /**
   * Inside the caller's transaction, after the epoch fence: applies the truncates among {@code
   * changes} and returns the row changes that are newer than their table's newest truncate.
   */
  List<ChangeEvent> apply(Connection connection, List<ChangeEvent> changes, TargetTableCache tables)
      throws SQLException {
    List<ChangeEvent> rows = new ArrayList<>(changes.size());
    for (ChangeEvent change : changes) {
      if (change.isTruncate()) {
        truncate(connection, change, tables);
      } else {
        rows.add(change);
      }
    }
    if (!metadata.enabled() || rows.isEmpty()) {
      return rows;
    }
    return newerThanTruncates(rows, floors(connection), naming);
  }

  /** The row changes at or above the truncate floor of their target table. */
  static List<ChangeEvent> newerThanTruncates(
      List<ChangeEvent> rows, Map<TableNaming.TargetName, String> floors, TableNaming naming) {
    if (floors.isEmpty()) {
      return rows;
    }
    List<ChangeEvent> kept = new ArrayList<>(rows.size());
    for (ChangeEvent row : rows) {
      String floor = floors.get(naming.target(row.table()));
      if (floor == null || row.position().compareTo(floor) >= 0) {
        kept.add(row);
      }
    }
    if (kept.size() < rows.size()) {
      LOG.debug(
          "Dropped {} changes from before a truncate of their table", rows.size() - kept.size());
    }
    return kept;
  }

  private void truncate(Connection connection, ChangeEvent truncate, TargetTableCache tables)
      throws SQLException {
    // First: adding missing metadata columns commits, which would end the locks taken below.
    Optional<TargetTable> table = tables.find(connection, truncate.table());
    if (metadata.enabled()) {
      TableNaming.TargetName target = naming.target(truncate.table());
      try (PreparedStatement ps =
          connection.prepareStatement(dialect.lockEpochSql(stateSchema, true))) {
        ps.setString(1, pipeline);
        ps.executeQuery().close();
      }
      try (PreparedStatement ps =
          connection.prepareStatement(dialect.recordTruncationSql(stateSchema))) {
        ps.setString(1, pipeline);
        ps.setString(2, target.schema());
        ps.setString(3, target.table());
        ps.setString(4, truncate.position());
        ps.executeUpdate();
      }
    }
    if (table.isEmpty()) {
      LOG.info(
          "TRUNCATE of {} at {}: its target table {} does not exist; nothing to delete",
          truncate.table(),
          truncate.position(),
          naming.target(truncate.table()));
      return;
    }
    int deleted;
    try (PreparedStatement ps =
        connection.prepareStatement(
            dialect.truncateSql(table.get().schema(), table.get().name(), metadata))) {
      if (metadata.enabled()) {
        ps.setString(1, truncate.position());
      }
      deleted = ps.executeUpdate();
    }
    if (!metadata.enabled()) {
      LOG.warn(
          "TRUNCATE of {} applied without metadata columns: changes of the table from before it"
              + " that another apply task or partition still holds can survive it, and changes"
              + " from after it already written are deleted. Exact only with apply.parallelism 1"
              + " and single-partition topics; reconcile {} to be sure.",
          truncate.table(),
          table.get().qualifiedName());
    }
    LOG.info(
        "TRUNCATE of {} at {}: deleted {} rows of {}{}",
        truncate.table(),
        truncate.position(),
        deleted,
        table.get().qualifiedName(),
        metadata.enabled() ? " written before it" : "");
  }

  private Map<TableNaming.TargetName, String> floors(Connection connection) throws SQLException {
    Map<TableNaming.TargetName, String> floors = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(dialect.truncationsSql(stateSchema))) {
      ps.setString(1, pipeline);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          floors.put(new TableNaming.TargetName(rs.getString(1), rs.getString(2)), rs.getString(3));
        }
      }
    }
    return floors;
  }
}
