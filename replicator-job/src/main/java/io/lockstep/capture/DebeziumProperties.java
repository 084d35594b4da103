package io.lockstep.capture;

import io.lockstep.config.ConfigException;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableSelection;
import io.lockstep.signal.SignalTable;
import io.lockstep.types.Engine;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * The Debezium connector configuration of a pipeline's capture: the PostgreSQL connector (pgoutput)
 * or the MariaDB connector (binlog; MariaDB and MySQL 8), by {@code source.type}.
 */
public final class DebeziumProperties {

  /** The connector class of each source engine. */
  static final String POSTGRES_CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";

  static final String MARIADB_CONNECTOR = "io.debezium.connector.mariadb.MariaDbConnector";

  /** The lowest derived binlog server id: clear of the small ids people give their servers. */
  static final long SERVER_ID_FLOOR = 5400;

  static final long SERVER_ID_CEILING = Integer.MAX_VALUE;

  /** The engine name; it is also the namespace of offsets in the offset store. */
  static String engineName(PipelineConfig config) {
    return "lockstep-" + config.name();
  }

  private DebeziumProperties() {}

  /**
   * The connector properties of {@code config}.
   *
   * @throws ConfigException when {@code source.key-columns} names a column {@code
   *     source.exclude-columns} excludes
   */
  public static Properties of(PipelineConfig config) {
    List<String> problems = TableSelection.keyColumnProblems(config);
    if (!problems.isEmpty()) {
      throw new ConfigException("of pipeline '" + config.name() + "'", problems);
    }
    Properties p = new Properties();
    // source.debezium.* first, so that Lockstep's own settings below always win. The loader
    // refuses a file that sets one of them (ReservedPassThroughKeys); this keeps even a missed one
    // from moving offsets, the slot or the value forms away from what the capture relies on.
    config.passThrough("source.debezium.").forEach(p::setProperty);
    p.setProperty("name", engineName(config));
    p.setProperty("tasks.max", "1");
    // Debezium's logical server name: the partition of its offsets, not a Kafka topic of ours.
    p.setProperty("topic.prefix", config.name());
    p.setProperty("database.hostname", config.get(PipelineOptions.SOURCE_HOST));
    p.setProperty("database.port", Integer.toString(config.sourcePort()));
    p.setProperty("database.user", config.get(PipelineOptions.SOURCE_USER));
    p.setProperty("database.password", config.secret(PipelineOptions.SOURCE_PASSWORD_ENV));
    Optional<SignalTable> signalTable = SignalTable.of(config);
    String includeList =
        tableIncludeList(config.sourceTables(), config.get(PipelineOptions.SOURCE_EXCLUDE_TABLES));
    // Debezium acts on a signal only when the signaling table is captured (its rows reach the
    // stream); the capture drops those rows, they are never replicated.
    p.setProperty(
        "table.include.list",
        signalTable.map(t -> includeList + "," + t.includePattern()).orElse(includeList));
    List<String> excludedColumns = config.get(PipelineOptions.SOURCE_EXCLUDE_COLUMNS);
    if (!excludedColumns.isEmpty()) {
      p.setProperty("column.exclude.list", commaList(excludedColumns));
    }
    List<String> keyColumns = config.get(PipelineOptions.SOURCE_KEY_COLUMNS);
    if (!keyColumns.isEmpty()) {
      p.setProperty("message.key.columns", messageKeyColumns(keyColumns));
    }
    p.setProperty("snapshot.mode", config.get(PipelineOptions.SOURCE_SNAPSHOT_MODE).word());
    p.setProperty(
        "heartbeat.interval.ms",
        Long.toString(config.get(PipelineOptions.SOURCE_HEARTBEAT_INTERVAL).toMillis()));

    // Debezium hands a batch over when it holds max.batch.size events or when poll.interval.ms
    // has passed. Its default of 500 ms was most of the commit-to-applied latency at moderate
    // rates (docs/benchmarks.md); under load batches still fill before the interval ends.
    p.setProperty("poll.interval.ms", "20");

    // Value representations the record converters expect: nothing rounded, nothing lost.
    p.setProperty("decimal.handling.mode", "string");
    p.setProperty("time.precision.mode", "adaptive_time_microseconds");
    p.setProperty("binary.handling.mode", "bytes");
    p.setProperty("column.propagate.source.type", ".*");
    p.setProperty("tombstones.on.delete", "false");

    // Offsets are Flink state: the store is preloaded from the checkpoint, and written only when
    // a checkpoint completes (FlinkStateOffsetStore, DebeziumSourceReader).
    p.setProperty("offset.storage", FlinkStateOffsetStore.class.getName());
    p.setProperty("offset.flush.interval.ms", "0");

    signalTable.ifPresent(t -> signals(p, t));

    switch (config.sourceEngine()) {
      case POSTGRES -> postgres(p, config);
      case MARIADB -> mariadb(p, config);
    }
    return p;
  }

  /**
   * Signals through the signaling table only: an incremental snapshot needs the table for its
   * watermarks anyway, and a signal written there reaches the capture in commit order through the
   * stream, so the recovery service needs nothing but the source connection it already has.
   */
  private static void signals(Properties p, SignalTable signalTable) {
    p.setProperty("signal.enabled.channels", "source");
    p.setProperty("signal.data.collection", signalTable.qualified());
  }

  private static void postgres(Properties p, PipelineConfig config) {
    p.setProperty("connector.class", POSTGRES_CONNECTOR);
    p.setProperty("database.dbname", config.get(PipelineOptions.SOURCE_DATABASE));
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", config.slotName());
    p.setProperty("publication.name", config.publicationName());
    p.setProperty(
        "publication.autocreate.mode", config.get(PipelineOptions.SOURCE_PUBLICATION_MODE).word());
    String heartbeatAction = config.get(PipelineOptions.SOURCE_HEARTBEAT_ACTION_QUERY);
    if (!heartbeatAction.isBlank()) {
      p.setProperty("heartbeat.action.query", heartbeatAction);
    }
    p.setProperty("interval.handling.mode", "string");
    p.setProperty("include.unknown.datatypes", "true");
    // Never let the JDBC driver's keep-alives confirm LSNs behind the checkpoints' back.
    p.setProperty("lsn.flush.mode", "connector");
  }

  private static void mariadb(Properties p, PipelineConfig config) {
    p.setProperty("connector.class", MARIADB_CONNECTOR);
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
    // Table changes are in the schema history (below); as records they would only be skipped.
    p.setProperty("include.schema.changes", "false");
    // A global read lock only while the snapshot reads the schema, not while it reads the rows.
    p.setProperty("snapshot.locking.mode", "minimal");
    // The connector needs the tables' schemas as of each binlog position it resumes from: the
    // history is Flink state, checkpointed with the offset (FlinkStateSchemaHistory).
    p.setProperty("schema.history.internal", FlinkStateSchemaHistory.class.getName());
    p.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
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

  /**
   * Debezium's {@code table.include.list}: {@code schema.table} ({@code database.table}) regular
   * expressions, comma separated. Debezium refuses an include list together with an exclude list,
   * so {@code source.exclude-tables} is folded into each include pattern as a negative lookahead;
   * Debezium matches a pattern against the whole name, so the lookahead sees the whole name too.
   */
  static String tableIncludeList(List<String> includes, List<String> excludes) {
    if (excludes.isEmpty()) {
      return commaList(includes);
    }
    String notExcluded =
        "(?!(?:" + excludes.stream().map(String::trim).collect(Collectors.joining("|")) + ")$)";
    return includes.stream()
        .map(String::trim)
        .map(include -> notExcluded + "(?:" + include + ")")
        .collect(Collectors.joining(","));
  }

  /**
   * The databases of {@code source.tables} when every pattern starts with a plain database name
   * ({@code shop\..*}, {@code shop.orders}); otherwise none, and the connector reads the schema of
   * every database and captures what {@code table.include.list} matches.
   */
  private static final java.util.regex.Pattern PLAIN_DATABASE =
      java.util.regex.Pattern.compile("^([A-Za-z0-9_$]+)\\\\\\.");

  static Optional<String> databaseIncludeList(List<String> tablePatterns) {
    Set<String> databases = new LinkedHashSet<>();
    for (String pattern : tablePatterns) {
      String trimmed = pattern.trim();
      // Only a plain name followed by an escaped dot ("shop\\..*"), or a plain "db.table": in
      // "tenant.*\\.orders" or "a\\.x|b\\.y" the text before the first dot is not the database.
      java.util.regex.Matcher plain = PLAIN_DATABASE.matcher(trimmed);
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

  /**
   * Debezium's {@code message.key.columns}, {@code schema.table:c1,c2;…} ({@code db.table} on
   * MariaDB/MySQL), from {@code source.key-columns} entries of the same form.
   */
  static String messageKeyColumns(List<String> entries) {
    return entries.stream()
        .map(entry -> entry.trim().replaceAll("\\s*([:,])\\s*", "$1"))
        .collect(Collectors.joining(";"));
  }

  private static String commaList(List<String> items) {
    return items.stream().map(String::trim).collect(Collectors.joining(","));
  }

  /** Whether a pipeline's capture keeps a schema history (binlog connectors do). */
  static boolean keepsSchemaHistory(PipelineConfig config) {
    return config.sourceEngine() == Engine.MARIADB;
  }
}
