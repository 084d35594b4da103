package io.lockstep.capture;

import io.lockstep.config.PipelineConfig;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much log the source keeps for the capture, and how far the capture is behind the source's
 * current position, read from the source every {@link #INTERVAL_SECONDS} seconds on a connection of
 * its own and exposed as gauges (docs/operations.md explains each and its alert):
 *
 * <ul>
 *   <li>PostgreSQL: {@code lockstepSlotRetainedWalBytes} (WAL the slot holds back from removal: a
 *       stopped capture fills the disk), {@code lockstepCaptureLagBytes} (WAL written since the
 *       slot's confirmed position, which moves when a checkpoint completes) and {@code
 *       lockstepOldestXminAgeTransactions} (age of the oldest transaction id that backends or slots
 *       hold: vacuum cannot clean behind it);
 *   <li>MariaDB/MySQL: {@code lockstepBinlogLagBytes} (binlog bytes between the capture's last
 *       record and the server's current position).
 * </ul>
 *
 * A gauge reads -1 until the first successful probe; a failed probe keeps the last values and is
 * logged once until it succeeds again, so that a source outage does not flood the log (the capture
 * reports the outage itself).
 */
final class SourceLogProbe implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SourceLogProbe.class);
  static final long INTERVAL_SECONDS = 15;

  private static final String POSTGRES_SLOT =
      "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint,"
          + " pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint"
          + " FROM pg_replication_slots WHERE slot_name = ?";

  private static final String POSTGRES_XMIN_AGE =
      "SELECT greatest((SELECT max(age(backend_xmin)) FROM pg_stat_activity),"
          + " (SELECT max(greatest(age(xmin), age(catalog_xmin))) FROM pg_replication_slots))";

  private final PipelineConfig config;
  private final Supplier<Map<String, ?>> lastOffset;
  private final ScheduledExecutorService timer;
  private volatile long retainedWalBytes = -1;
  private volatile long captureLagBytes = -1;
  private volatile long oldestXminAge = -1;
  private volatile long binlogLagBytes = -1;
  private Connection connection;
  private boolean failing;

  /**
   * @param lastOffset the Debezium source offset of the last record the capture read (MariaDB:
   *     binlog {@code file} and {@code pos}), or null before the first
   */
  SourceLogProbe(PipelineConfig config, MetricGroup group, Supplier<Map<String, ?>> lastOffset) {
    this.config = config;
    this.lastOffset = lastOffset;
    // Its connections come from DriverManager, which sees the job jar's drivers only once they
    // are registered from it (session clusters; see JobEnvironment.registerJdbcDrivers).
    io.lockstep.runtime.JobEnvironment.registerJdbcDrivers();
    if (config.sourceEngine() == Engine.POSTGRES) {
      group.gauge("lockstepSlotRetainedWalBytes", () -> retainedWalBytes);
      group.gauge("lockstepCaptureLagBytes", () -> captureLagBytes);
      group.gauge("lockstepOldestXminAgeTransactions", () -> oldestXminAge);
    } else {
      group.gauge("lockstepBinlogLagBytes", () -> binlogLagBytes);
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "lockstep-source-log-probe-" + config.name());
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::probe, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
  }

  private void probe() {
    try {
      if (connection == null || !connection.isValid(5)) {
        closeConnection();
        connection = DataSources.connect(Endpoint.source(config));
      }
      if (config.sourceEngine() == Engine.POSTGRES) {
        probePostgres();
      } else {
        probeBinlog();
      }
      if (failing) {
        LOG.info("Source log probe of pipeline '{}' works again", config.name());
        failing = false;
      }
    } catch (SQLException | RuntimeException e) {
      closeConnection();
      if (!failing) {
        LOG.warn(
            "Cannot read the source's log positions for pipeline '{}' (retried every {} s): {}",
            config.name(),
            INTERVAL_SECONDS,
            e.getMessage());
        failing = true;
      }
    }
  }

  private void probePostgres() throws SQLException {
    try (PreparedStatement slot = connection.prepareStatement(POSTGRES_SLOT)) {
      slot.setString(1, config.slotName());
      try (ResultSet rs = slot.executeQuery()) {
        if (rs.next()) {
          retainedWalBytes = rs.getLong(1);
          captureLagBytes = rs.getLong(2);
        }
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(POSTGRES_XMIN_AGE)) {
      if (rs.next()) {
        oldestXminAge = rs.getLong(1);
      }
    }
  }

  /** Sizes of the binlog files from the one last read to the current one, less what was read. */
  private void probeBinlog() throws SQLException {
    Map<String, ?> offset = lastOffset.get();
    if (offset == null || offset.get("file") == null || !(offset.get("pos") instanceof Number)) {
      return;
    }
    String readFile = offset.get("file").toString();
    long readPos = ((Number) offset.get("pos")).longValue();
    long lag = 0;
    boolean counting = false;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW BINARY LOGS")) {
      while (rs.next()) {
        String file = rs.getString(1);
        long size = rs.getLong(2);
        if (file.equals(readFile)) {
          counting = true;
          lag -= readPos;
        }
        if (counting) {
          lag += size;
        }
      }
    }
    binlogLagBytes = counting ? Math.max(0, lag) : -1;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Being replaced or shut down: nothing left to release.
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeConnection();
  }
}
