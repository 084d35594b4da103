package io.lockstep.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Watches a target table while a writer fills it: rows written over time (from PostgreSQL's
 * statistics counters, which every writer moves the same way), when the first write landed, and
 * when the table reached its expected state. Clocks are the harness's, so every writer is timed
 * alike.
 */
final class TableProgress implements AutoCloseable {

  /** Rows written up to {@code seconds} after the watch began. */
  record Sample(double seconds, long rowsWritten) {}

  private static final long INTERVAL_MILLIS = 250;

  private final Connection connection;
  private final PreparedStatement counters;
  private final DataSource target;
  private final long startNanos = System.nanoTime();
  private final long initial;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean stopped;
  private volatile long firstWriteNanos = -1;
  private volatile long latestWritten;
  private volatile SQLException failure;

  TableProgress(DataSource target, String schema, String table) throws SQLException {
    this.target = target;
    connection = target.getConnection();
    connection.setAutoCommit(true);
    // pg_stat_user_tables is read afresh by each autocommit statement.
    counters =
        connection.prepareStatement(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables"
                + " WHERE schemaname = ? AND relname = ?");
    counters.setString(1, schema);
    counters.setString(2, table);
    initial = read();
    sampler = new Thread(this::sample, "bench-progress-" + table);
    sampler.setDaemon(true);
    sampler.start();
  }

  private long read() throws SQLException {
    try (ResultSet rows = counters.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private void sample() {
    while (!stopped) {
      try {
        long written = read() - initial;
        latestWritten = written;
        long now = System.nanoTime();
        synchronized (samples) {
          samples.add(new Sample((now - startNanos) / 1e9, written));
        }
        if (written > 0 && firstWriteNanos < 0) {
          firstWriteNanos = now;
        }
        Thread.sleep(INTERVAL_MILLIS);
      } catch (SQLException e) {
        failure = e;
        return;
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Waits until {@code table} holds {@code expected}, failing if the writer dies or {@code timeout}
   * passes. The state is read every {@value #INTERVAL_MILLIS} ms once the statistics show at least
   * {@code minimumWrites} rows written (reading a 10-million-row table's aggregate takes a second).
   * Every writer is timed this way; commit timestamps cannot be used, because a native
   * subscription's commits carry the source's commit times.
   *
   * @return the time from the start of the watch to when the state was seen
   */
  Duration awaitState(
      String table,
      OrdersTable.State expected,
      long minimumWrites,
      ChildJvm writer,
      Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection poll = target.getConnection()) {
      OrdersTable.State seen = null;
      while (true) {
        if (failure != null) {
          throw failure;
        }
        if (writer != null) {
          writer.checkAlive();
        }
        if (latestWritten >= minimumWrites) {
          seen = OrdersTable.state(poll, table);
          if (seen.equals(expected)) {
            return Duration.ofNanos(System.nanoTime() - startNanos);
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              table + " holds " + seen + ", not " + expected + ", after " + timeout);
        }
        Thread.sleep(INTERVAL_MILLIS);
      }
    }
  }

  /** From the start of the watch to the first row written; null if none was seen. */
  Duration firstWrite() {
    return firstWriteNanos < 0 ? null : Duration.ofNanos(firstWriteNanos - startNanos);
  }

  /** Rows written per second, one point per second of the watch. */
  List<Sample> ratePerSecond() {
    List<Sample> copy;
    synchronized (samples) {
      copy = List.copyOf(samples);
    }
    List<Sample> rates = new ArrayList<>();
    Sample previous = null;
    for (Sample s : copy) {
      if (previous == null || s.seconds() - previous.seconds() >= 1.0) {
        if (previous != null) {
          long rows = s.rowsWritten() - previous.rowsWritten();
          rates.add(new Sample(s.seconds(), (long) (rows / (s.seconds() - previous.seconds()))));
        }
        previous = s;
      }
    }
    return rates;
  }

  @Override
  public void close() throws SQLException {
    stopped = true;
    sampler.interrupt();
    try {
      sampler.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    counters.close();
    connection.close();
  }
}
