package io.lockstep.apply;

import com.zaxxer.hikari.HikariDataSource;
import io.lockstep.apply.ChangeBuffer.PendingRow;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import io.lockstep.failure.FailedRow;
import io.lockstep.retry.Backoff;
import io.lockstep.retry.Retrier;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows to the target and sorts out what went wrong. Transient errors are retried as long as
 * it takes. A batch the target rejects for its content is split in halves, each half in its own
 * transaction, down to single rows, so that only the rows the target refuses are left out.
 */
final class TargetWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TargetWriter.class);
  private static final Duration MISSING_TABLE_LOG_INTERVAL = Duration.ofMinutes(1);

  /** A row the target refused, and why. */
  record Rejection(PendingRow row, FailedRow.Error error, int attempts) {}

  /** What became of a batch: rows written, rows refused. */
  record Outcome(List<PendingRow> written, List<Rejection> rejected) {}

  private final TargetDialect dialect;
  private final BatchApplier applier;
  private final TargetTableCache tables;
  private final EpochFence fence;
  private final HikariDataSource dataSource;
  private final Retrier retry;
  // Read by the metric reporter's thread.
  private volatile String missingTable;
  private long missingTableLogged;

  TargetWriter(
      PipelineConfig config,
      TargetDialect dialect,
      BatchApplier applier,
      TargetTableCache tables,
      EpochFence fence,
      int subtask) {
    this.dialect = dialect;
    this.applier = applier;
    this.tables = tables;
    this.fence = fence;
    this.dataSource = dataSource(config, subtask);
    this.retry =
        new Retrier(
            LOG,
            "Target database "
                + config.get(PipelineOptions.TARGET_HOST)
                + ":"
                + config.targetPort(),
            Backoff.doubling(Duration.ofMillis(200), Duration.ofSeconds(30)),
            Retrier.UNLIMITED,
            true);
  }

  private static HikariDataSource dataSource(PipelineConfig config, int subtask) {
    // The drivers are in the job jar on a session cluster: see JobEnvironment.registerJdbcDrivers.
    io.lockstep.runtime.JobEnvironment.registerJdbcDrivers();
    return DataSources.pool(
            Endpoint.target(config), "lockstep-apply-" + config.name() + "-" + subtask)
        .size(1)
        .autoCommit(false)
        // Short: a target that does not answer is handed to the Retrier, which logs the episode.
        .connectionTimeout(Duration.ofSeconds(3))
        // Start even when the target is down: the first write waits for it instead.
        .openWhenDown()
        .applicationName("lockstep-apply-" + config.name())
        // The engine's strict session (MariaDB/MySQL: refuse a value rather than cut, clamp or
        // zero it; the row then goes to the dead-letter topic with the reason), as a replica that
        // does not enforce foreign keys: a child row may be applied before its parent.
        .sessionSetup(config.get(io.lockstep.config.PipelineOptions.APPLY_REPLICA_SESSION))
        .open();
  }

  /**
   * 1 while the writer waits for a table missing on the target, else 0 ({@code
   * lockstepMissingTargetTables}): the stream holds rather than dead-letter every change of the
   * table, which would park each of its keys and need a re-snapshot once the table exists.
   */
  int missingTables() {
    return missingTable == null ? 0 : 1;
  }

  /** Says which table is missing and how to fix it once a minute, not only when waiting starts. */
  private void waitingForTable(MissingTargetTableException missing) {
    long now = System.nanoTime();
    if (missingTable == null
        || !missingTable.equals(missing.getMessage())
        || now - missingTableLogged > MISSING_TABLE_LOG_INTERVAL.toNanos()) {
      LOG.warn("Apply is waiting: {}", missing.getMessage());
      missingTableLogged = now;
    }
    missingTable = missing.getMessage();
  }

  /** Attempts of the transient-failure episode under way; 0 when the last write went through. */
  int transientAttempts() {
    return retry.attempts();
  }

  /**
   * The epoch the target is in (0 before the first write, or with metadata columns off), waiting
   * out transient errors as a write does.
   */
  long currentEpoch() throws InterruptedException {
    while (true) {
      try (Connection connection = dataSource.getConnection()) {
        try {
          fence.prepare(connection);
          long epoch = fence.current(connection);
          connection.commit();
          retry.succeeded();
          return epoch;
        } catch (SQLException e) {
          rollbackQuietly(connection);
          fence.invalidate();
          throw e;
        }
      } catch (SQLException e) {
        retry.failed(e);
      }
    }
  }

  Outcome write(List<PendingRow> rows) throws InterruptedException {
    List<PendingRow> written = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    writeIsolating(rows, 1, written, rejected);
    return new Outcome(written, rejected);
  }

  private void writeIsolating(
      List<PendingRow> rows, int attempt, List<PendingRow> written, List<Rejection> rejected)
      throws InterruptedException {
    SQLException refused = writeOnce(rows);
    if (refused == null) {
      written.addAll(rows);
    } else if (rows.size() == 1) {
      rejected.add(new Rejection(rows.get(0), error(refused), attempt));
    } else {
      int half = rows.size() / 2;
      writeIsolating(rows.subList(0, half), attempt + 1, written, rejected);
      writeIsolating(rows.subList(half, rows.size()), attempt + 1, written, rejected);
    }
  }

  /**
   * Writes {@code rows} in one transaction, retrying transient errors until they pass. Returns null
   * when written, or the error the target refused them with.
   */
  private SQLException writeOnce(List<PendingRow> rows) throws InterruptedException {
    boolean refreshed = false;
    while (true) {
      try (Connection connection = dataSource.getConnection()) {
        try {
          applier.apply(connection, rows.stream().map(PendingRow::event).toList());
          connection.commit();
          retry.succeeded();
          missingTable = null;
          return null;
        } catch (SQLException e) {
          rollbackQuietly(connection);
          fence.invalidate();
          throw e;
        } catch (RuntimeException e) {
          // A value the driver cannot bind (a date beyond the target's range, a value of another
          // type than the column's): the row's fault, like a refusal by the database. Thrown on,
          // it would fail the task, and the restarted task would meet the same row again.
          rollbackQuietly(connection);
          fence.invalidate();
          throw new SQLException(
              "a value of the batch cannot be written to the target: " + e, "22000", e);
        }
      } catch (SQLException e) {
        if (e instanceof MissingTargetTableException missing) {
          waitingForTable(missing);
          tables.invalidate();
          retry.failed(e);
        } else if (dialect.isTransient(e)) {
          tables.invalidate();
          retry.failed(e);
        } else if (!refreshed) {
          // The target may have changed under us (a column dropped, renamed or retyped): read the
          // catalog again and retry once before taking the refusal as the rows' fault.
          tables.invalidate();
          refreshed = true;
        } else {
          retry.succeeded();
          return e;
        }
      }
    }
  }

  private static FailedRow.Error error(SQLException e) {
    return new FailedRow.Error(
        e.getClass().getName(), e.getSQLState(), e.getErrorCode(), String.valueOf(e.getMessage()));
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; the pool discards it.
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
