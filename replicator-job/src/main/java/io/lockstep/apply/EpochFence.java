package io.lockstep.apply;

import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.SourcePosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the target in one capture epoch (see {@link SourcePosition}). The pipeline's current epoch
 * is a row in the target, read under a shared lock by every write transaction. A change from an
 * older epoch is dropped: a newer snapshot holds the row's state. The first change of a newer epoch
 * raises the epoch under an exclusive lock and sweeps every table the pipeline writes of the rows
 * an older epoch wrote: rows the new snapshot still holds come back with it, and rows it does not
 * hold were deleted on the source while the capture was down.
 */
final class EpochFence {

  private static final Logger LOG = LoggerFactory.getLogger(EpochFence.class);

  private final TargetDialect dialect;
  private final MetadataColumns metadata;
  private final String pipeline;
  private final String schema;
  private final Set<String> registered = new HashSet<>();
  private boolean stateTablesReady;

  EpochFence(TargetDialect dialect, MetadataColumns metadata, String pipeline, String schema) {
    this.dialect = dialect;
    this.metadata = metadata;
    this.pipeline = pipeline;
    this.schema = schema;
  }

  /** Inside the caller's transaction: returns the changes that belong to the current epoch. */
  List<ChangeEvent> admit(Connection connection, List<ChangeEvent> changes) throws SQLException {
    if (!metadata.enabled()) {
      return changes;
    }
    long newest = 0;
    for (ChangeEvent change : changes) {
      newest = Math.max(newest, SourcePosition.epochOf(change.position()));
    }
    long current = lockEpoch(connection, false);
    if (newest > current) {
      current = lockEpoch(connection, true);
      if (newest > current) {
        raise(connection, current, newest, changes.get(0).position());
        current = newest;
      }
    }
    List<ChangeEvent> admitted = new ArrayList<>(changes.size());
    for (ChangeEvent change : changes) {
      if (SourcePosition.epochOf(change.position()) >= current) {
        admitted.add(change);
      }
    }
    return admitted;
  }

  /** Inside the caller's transaction: the target's current epoch; 0 with metadata columns off. */
  long current(Connection connection) throws SQLException {
    return metadata.enabled() ? lockEpoch(connection, false) : 0;
  }

  /** Records that the pipeline writes {@code table}, so that a sweep reaches it. */
  void register(Connection connection, TargetTable table) throws SQLException {
    if (!metadata.enabled() || !registered.add(table.qualifiedName())) {
      return;
    }
    try (PreparedStatement ps = connection.prepareStatement(dialect.registerTableSql(schema))) {
      ps.setString(1, pipeline);
      ps.setString(2, table.schema());
      ps.setString(3, table.name());
      ps.executeUpdate();
    }
  }

  /** Forgets what it knows of the target, after the connection was lost or rolled back. */
  void invalidate() {
    registered.clear();
    stateTablesReady = false;
  }

  /** {@code samplePosition}: any position of the pipeline, which fixes the form of the floor. */
  private void raise(Connection connection, long from, long to, String samplePosition)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(dialect.updateEpochSql(schema))) {
      ps.setLong(1, to);
      ps.setString(2, pipeline);
      ps.executeUpdate();
    }
    if (from == 0) {
      return;
    }
    String floor = SourcePosition.epochFloor(samplePosition, to);
    List<String[]> tables = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(dialect.registeredTablesSql(schema))) {
      ps.setString(1, pipeline);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    long swept = 0;
    for (String[] table : tables) {
      try (PreparedStatement ps =
          connection.prepareStatement(dialect.sweepSql(table[0], table[1], metadata))) {
        ps.setString(1, floor);
        swept += ps.executeUpdate();
      }
    }
    LOG.warn(
        "Pipeline '{}' entered capture epoch {} (was {}): the initial snapshot was started again."
            + " Removed {} rows an earlier epoch wrote from {} tables; the new snapshot writes"
            + " back those that still exist on the source.",
        pipeline,
        to,
        from,
        swept,
        tables.size());
  }

  private long lockEpoch(Connection connection, boolean exclusive) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(dialect.lockEpochSql(schema, exclusive))) {
      ps.setString(1, pipeline);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getLong(1);
        }
      }
    }
    try (PreparedStatement ps = connection.prepareStatement(dialect.insertEpochSql(schema))) {
      ps.setString(1, pipeline);
      ps.executeUpdate();
    }
    return lockEpoch(connection, exclusive);
  }

  /**
   * Creates the bookkeeping tables, in a transaction of its own before any write: two apply tasks
   * may race to create them, and the loser's duplicate error must not cost it a batch.
   */
  void prepare(Connection connection) throws SQLException {
    if (stateTablesReady || !metadata.enabled()) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      for (String ddl : dialect.stateTablesDdl(schema)) {
        statement.execute(ddl);
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      // 23505 / 42P07: another task created them at the same moment.
      if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
        throw e;
      }
    }
    stateTablesReady = true;
  }
}
