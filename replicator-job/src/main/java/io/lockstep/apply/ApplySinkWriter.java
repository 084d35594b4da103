package io.lockstep.apply;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.dialect.MetadataColumns;
import io.lockstep.dialect.PostgresDialect;
import io.lockstep.dialect.TargetDialect;
import io.lockstep.event.ChangeEvent;
import io.lockstep.kafka.SerializedChange;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers changes (one per row, see {@link ChangeBuffer}) and writes them in one transaction when
 * the buffer is full, when the flush interval has passed, and before every checkpoint.
 */
final class ApplySinkWriter implements SinkWriter<SerializedChange> {

  private static final Logger LOG = LoggerFactory.getLogger(ApplySinkWriter.class);

  private static final int TRANSIENT_RETRIES = 10;

  private final PipelineConfig config;
  private final TargetDialect dialect = new PostgresDialect();
  private final ChangeBuffer buffer = new ChangeBuffer();
  private final BatchApplier applier;
  private final TargetTableCache tables;
  private final HikariDataSource dataSource;
  private final ProcessingTimeService time;
  private final int batchSize;
  private final long flushIntervalMillis;
  private final Counter eventsApplied;
  private final Counter rowsWritten;
  private final Counter flushes;

  private ScheduledFuture<?> flushTimer;
  private Instant newestInBuffer = Instant.EPOCH;
  private volatile long lastFlushLagMillis;

  ApplySinkWriter(PipelineConfig config, WriterInitContext context) {
    this.config = config;
    this.time = context.getProcessingTimeService();
    this.batchSize = config.get(PipelineOptions.APPLY_BATCH_SIZE);
    this.flushIntervalMillis = config.get(PipelineOptions.APPLY_FLUSH_INTERVAL).toMillis();
    MetadataColumns metadata = MetadataColumns.from(config);
    this.tables =
        new TargetTableCache(
            dialect,
            metadata,
            config.get(PipelineOptions.METADATA_ADD_MISSING),
            config.getOptional(PipelineOptions.TARGET_SCHEMA));
    this.applier = new BatchApplier(dialect, metadata, tables);
    this.dataSource = dataSource(config, context.getTaskInfo().getIndexOfThisSubtask());
    this.eventsApplied = context.metricGroup().counter("lockstepEventsApplied");
    this.rowsWritten = context.metricGroup().counter("lockstepRowsWritten");
    this.flushes = context.metricGroup().counter("lockstepFlushes");
    context.metricGroup().gauge("lockstepApplyLagMs", () -> lastFlushLagMillis);
  }

  private static HikariDataSource dataSource(PipelineConfig config, int subtask) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("lockstep-apply-" + config.name() + "-" + subtask);
    hikari.setJdbcUrl(config.targetJdbcUrl());
    hikari.setUsername(config.get(PipelineOptions.TARGET_USER));
    hikari.setPassword(config.secret(PipelineOptions.TARGET_PASSWORD_ENV));
    hikari.setMaximumPoolSize(1);
    hikari.setAutoCommit(false);
    // Start even when the target is down: the first flush waits for it instead.
    hikari.setInitializationFailTimeout(-1);
    hikari.addDataSourceProperty("ApplicationName", "lockstep-apply-" + config.name());
    return new HikariDataSource(hikari);
  }

  @Override
  public void write(SerializedChange change, Context context) throws IOException {
    ChangeEvent event;
    try {
      event = change.decode();
    } catch (RuntimeException e) {
      throw new IOException(
          "cannot decode the change event in topic "
              + change.topic
              + " with key "
              + new String(change.key, java.nio.charset.StandardCharsets.UTF_8),
          e);
    }
    buffer.add(change.routingKey(), event);
    if (event.commitTime().isAfter(newestInBuffer)) {
      newestInBuffer = event.commitTime();
    }
    if (buffer.pending() >= batchSize) {
      flushBuffer();
    } else if (flushTimer == null) {
      long due = time.getCurrentProcessingTime() + flushIntervalMillis;
      flushTimer =
          time.registerTimer(
              due,
              timestamp -> {
                flushTimer = null;
                flushBuffer();
              });
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException {
    flushBuffer();
  }

  private void flushBuffer() throws IOException {
    if (buffer.isEmpty()) {
      return;
    }
    Duration backoff = Duration.ofMillis(200);
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        try {
          applier.apply(connection, buffer.byTable());
          connection.commit();
          break;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(connection);
          throw e;
        }
      } catch (SQLException e) {
        if (!dialect.isTransient(e) || attempt >= TRANSIENT_RETRIES) {
          throw new IOException(
              "writing " + buffer.pending() + " rows to the target failed: " + e.getMessage(), e);
        }
        LOG.warn(
            "Target not writable (attempt {} of {}): {}; retrying in {} ms",
            attempt,
            TRANSIENT_RETRIES,
            e.getMessage(),
            backoff.toMillis());
        tables.invalidate();
        sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                ? Duration.ofSeconds(10)
                : backoff.multipliedBy(2);
      }
    }
    eventsApplied.inc(buffer.received());
    rowsWritten.inc(buffer.pending());
    flushes.inc();
    lastFlushLagMillis = Math.max(0, System.currentTimeMillis() - newestInBuffer.toEpochMilli());
    buffer.clear();
    newestInBuffer = Instant.EPOCH;
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback after a failed flush failed too", e);
    }
  }

  private static void sleep(Duration duration) throws IOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to retry the target", e);
    }
  }

  @Override
  public void close() {
    if (flushTimer != null) {
      flushTimer.cancel(false);
    }
    dataSource.close();
  }
}
