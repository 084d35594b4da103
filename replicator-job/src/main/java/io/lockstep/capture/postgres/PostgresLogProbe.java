package io.lockstep.capture.postgres;

import io.lockstep.capture.spi.LogProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.flink.metrics.MetricGroup;

/**
 * PostgreSQL's log gauges (docs/operations.md): {@code lockstepSlotRetainedWalBytes} (WAL the slot
 * holds back from removal: a stopped capture fills the disk), {@code lockstepCaptureLagBytes} (WAL
 * written since the slot's confirmed position, which moves when a checkpoint completes) and {@code
 * lockstepOldestXminAgeTransactions} (age of the oldest transaction id that backends or slots hold:
 * vacuum cannot clean behind it).
 */
final class PostgresLogProbe implements LogProbe {

  private static final String SLOT =
      "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint,"
          + " pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint"
          + " FROM pg_replication_slots WHERE slot_name = ?";

  private static final String XMIN_AGE =
      "SELECT greatest((SELECT max(age(backend_xmin)) FROM pg_stat_activity),"
          + " (SELECT max(greatest(age(xmin), age(catalog_xmin))) FROM pg_replication_slots))";

  private final String slotName;
  private volatile long retainedWalBytes = -1;
  private volatile long captureLagBytes = -1;
  private volatile long oldestXminAge = -1;

  PostgresLogProbe(String slotName, MetricGroup group) {
    this.slotName = slotName;
    group.gauge("lockstepSlotRetainedWalBytes", () -> retainedWalBytes);
    group.gauge("lockstepCaptureLagBytes", () -> captureLagBytes);
    group.gauge("lockstepOldestXminAgeTransactions", () -> oldestXminAge);
  }

  @Override
  public void probe(Connection connection) throws SQLException {
    try (PreparedStatement slot = connection.prepareStatement(SLOT)) {
      slot.setString(1, slotName);
      try (ResultSet rs = slot.executeQuery()) {
        if (rs.next()) {
          retainedWalBytes = rs.getLong(1);
          captureLagBytes = rs.getLong(2);
        }
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(XMIN_AGE)) {
      if (rs.next()) {
        oldestXminAge = rs.getLong(1);
      }
    }
  }
}
