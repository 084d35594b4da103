package io.lockstep.capture.mariadb;

import io.lockstep.capture.spi.LogProbe;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.metrics.MetricGroup;

/**
 * MariaDB's and MySQL's log gauge (docs/operations.md): {@code lockstepBinlogLagBytes}, the binlog
 * bytes between the capture's last record and the server's current position.
 */
final class BinlogLogProbe implements LogProbe {

  private final Supplier<Map<String, ?>> lastOffset;
  private volatile long binlogLagBytes = -1;

  /**
   * @param lastOffset the Debezium source offset of the last record the capture read (binlog {@code
   *     file} and {@code pos}), or null before the first
   */
  BinlogLogProbe(MetricGroup group, Supplier<Map<String, ?>> lastOffset) {
    this.lastOffset = lastOffset;
    group.gauge("lockstepBinlogLagBytes", () -> binlogLagBytes);
  }

  /** Sizes of the binlog files from the one last read to the current one, less what was read. */
  @Override
  public void probe(Connection connection) throws SQLException {
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
}
