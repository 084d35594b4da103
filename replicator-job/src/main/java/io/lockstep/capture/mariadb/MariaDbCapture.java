package io.lockstep.capture.mariadb;

import io.lockstep.capture.spi.CaptureEngine;
import io.lockstep.capture.spi.LogProbe;
import io.lockstep.capture.spi.RecordConverter;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.signal.SignalTable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.flink.metrics.MetricGroup;

/**
 * The capture of a MariaDB or MySQL 8 source: Debezium's MariaDB connector on the binlog, with a
 * schema history.
 */
public final class MariaDbCapture implements CaptureEngine {

  /** Debezium's MariaDB connector (MariaDB, and MySQL 8 read through it). */
  static final String CONNECTOR = "io.debezium.connector.mariadb.MariaDbConnector";

  /** The lowest derived binlog server id: clear of the small ids people give their servers. */
  static final long SERVER_ID_FLOOR = 5400;

  static final long SERVER_ID_CEILING = Integer.MAX_VALUE;

  @Override
  public void debeziumProperties(PipelineConfig config, Properties p) {
    p.setProperty("connector.class", CONNECTOR);
    p.setProperty("database.server.id", Long.toString(serverId(config)));
    databaseIncludeList(config.sourceTables())
        .map(
            list ->
                SignalTable.of(config)
                    .filter(t -> !List.of(list.split(",")).contains(t.schema()))
                    .map(t -> list + "," + t.schema())
                    .orElse(list))
        .ifPresent(list -> p.setProperty("database.include.list", list));
    // The default heartbeat query is PostgreSQL's (pg_logical_emit_message); a binlog position
    // moves with any write on the server, so MariaDB needs none unless the user asks for one.
    String heartbeatAction = config.get(PipelineOptions.SOURCE_HEARTBEAT_ACTION_QUERY);
    if (!heartbeatAction.isBlank()
        && !heartbeatAction.equals(PipelineOptions.SOURCE_HEARTBEAT_ACTION_QUERY.defaultValue())) {
      p.setProperty("heartbeat.action.query", heartbeatAction);
    }
    // BIGINT UNSIGNED above Long.MAX_VALUE must not wrap around.
    p.setProperty("bigint.unsigned.handling.mode", "precise");
    // Table changes are in the schema history (keepsSchemaHistory); as records they would only be
    // skipped.
    p.setProperty("include.schema.changes", "false");
    // A global read lock only while the snapshot reads the schema, not while it reads the rows.
    p.setProperty("snapshot.locking.mode", "minimal");
    // The binlog client finds a lost connection (a source restart) only when its keep-alive thread
    // looks: with the default minute, MariaDbSourceRestartBeforeCheckpointIT waited two minutes
    // after the server was back before the capture read on.
    p.setProperty("connect.keep.alive.interval.ms", "5000");
  }

  /**
   * The connector needs the tables' schemas as of each binlog position it resumes from: the history
   * is Flink state, checkpointed with the offset.
   */
  @Override
  public boolean keepsSchemaHistory() {
    return true;
  }

  @Override
  public RecordConverter recordConverter() {
    return new MariaDbRecordConverter();
  }

  /** {@code (file number << 32) + position} of the record's binlog coordinates. */
  @Override
  public long logPosition(Map<String, ?> sourceOffset) {
    if (sourceOffset.get("file") != null && sourceOffset.get("pos") instanceof Number pos) {
      return (MariaDbRecordConverter.binlogFileIndex(sourceOffset.get("file")) << 32)
          + pos.longValue();
    }
    return 0;
  }

  @Override
  public LogProbe logProbe(
      PipelineConfig config, MetricGroup group, Supplier<Map<String, ?>> lastOffset) {
    return new BinlogLogProbe(group, lastOffset);
  }

  /**
   * The binlog replica id: {@code source.server-id}, else a stable value derived from the pipeline
   * name, in {@value #SERVER_ID_FLOOR} to 2<sup>31</sup>-1 (never 1, which is the usual id of a
   * primary). Two pipelines on one server need different ids; the server drops the older connection
   * of two with the same id.
   */
  static long serverId(PipelineConfig config) {
    Integer configured = config.get(PipelineOptions.SOURCE_SERVER_ID);
    if (configured != null) {
      return configured;
    }
    CRC32 crc = new CRC32();
    crc.update(config.name().getBytes(StandardCharsets.UTF_8));
    return SERVER_ID_FLOOR + crc.getValue() % (SERVER_ID_CEILING - SERVER_ID_FLOOR + 1);
  }

  private static final Pattern PLAIN_DATABASE = Pattern.compile("^([A-Za-z0-9_$]+)\\\\\\.");

  /**
   * The databases of {@code source.tables} when every pattern starts with a plain database name
   * ({@code shop\..*}, {@code shop.orders}); otherwise none, and the connector reads the schema of
   * every database and captures what {@code table.include.list} matches.
   */
  static Optional<String> databaseIncludeList(List<String> tablePatterns) {
    Set<String> databases = new LinkedHashSet<>();
    for (String pattern : tablePatterns) {
      String trimmed = pattern.trim();
      // Only a plain name followed by an escaped dot ("shop\\..*"), or a plain "db.table": in
      // "tenant.*\\.orders" or "a\\.x|b\\.y" the text before the first dot is not the database.
      Matcher plain = PLAIN_DATABASE.matcher(trimmed);
      if (trimmed.contains("|")) {
        return Optional.empty();
      } else if (plain.find()) {
        databases.add(plain.group(1));
      } else if (trimmed.matches("[A-Za-z0-9_$]+\\.[A-Za-z0-9_$]+")) {
        databases.add(trimmed.substring(0, trimmed.indexOf('.')));
      } else {
        return Optional.empty();
      }
    }
    return databases.isEmpty() ? Optional.empty() : Optional.of(String.join(",", databases));
  }
}
