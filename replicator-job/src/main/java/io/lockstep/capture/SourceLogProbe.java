package io.lockstep.capture;

import io.lockstep.capture.spi.CaptureEngine;
import io.lockstep.capture.spi.LogProbe;
import io.lockstep.config.PipelineConfig;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import java.sql.Connection;
import java.sql.SQLException;
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
 * its own and exposed as gauges, which the source engine's {@link LogProbe} registers and reads
 * (docs/operations.md explains each and its alert):
 *
 * <ul>
 *   <li>PostgreSQL: {@code lockstepSlotRetainedWalBytes}, {@code lockstepCaptureLagBytes} and
 *       {@code lockstepOldestXminAgeTransactions};
 *   <li>MariaDB/MySQL: {@code lockstepBinlogLagBytes}.
 * </ul>
 *
 * A gauge reads -1 until the first successful probe; a failed probe keeps the last values and is
 * logged once until it succeeds again, so that a source outage does not flood the log (the capture
 * reports the outage itself).
 */
final class SourceLogProbe implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SourceLogProbe.class);
  static final long INTERVAL_SECONDS = 15;

  private final PipelineConfig config;
  private final LogProbe engineProbe;
  private final ScheduledExecutorService timer;
  private Connection connection;
  private boolean failing;

  /**
   * @param lastOffset the Debezium source offset of the last record the capture read (MariaDB:
   *     binlog {@code file} and {@code pos}), or null before the first
   */
  SourceLogProbe(
      PipelineConfig config,
      CaptureEngine engine,
      MetricGroup group,
      Supplier<Map<String, ?>> lastOffset) {
    this.config = config;
    // Its connections come from the drivers, which DriverManager sees the job jar's drivers only
    // once they
    // are registered from it (session clusters; see JobEnvironment.registerJdbcDrivers).
    io.lockstep.runtime.JobEnvironment.registerJdbcDrivers();
    this.engineProbe = engine.logProbe(config, group, lastOffset);
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
      engineProbe.probe(connection);
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
