package io.lockstep.capture;

import io.lockstep.capture.engines.CaptureEngines;
import io.lockstep.capture.spi.CaptureEngine;
import io.lockstep.capture.spi.StartingSource;
import io.lockstep.config.ConfigException;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableSelection;
import io.lockstep.signal.SignalTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The Debezium connector configuration of a pipeline's capture: the settings every connector shares
 * here, then the source engine's connector and its own settings ({@link
 * CaptureEngine#debeziumProperties}: the PostgreSQL connector on pgoutput, or the MariaDB connector
 * on the binlog for MariaDB and MySQL 8), by {@code source.type}.
 */
public final class DebeziumProperties {

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
    return of(config, StartingSource.NOTHING);
  }

  /**
   * The connector properties of {@code config} with what the source said at start: its tables left
   * out (PostgreSQL's partitions, captured through their root) are folded into the include list as
   * exclusions of their exact names, and its settings set last.
   *
   * @throws ConfigException when {@code source.key-columns} names a column {@code
   *     source.exclude-columns} excludes
   */
  public static Properties of(PipelineConfig config, StartingSource startingSource) {
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
    List<String> excludes = new ArrayList<>(config.get(PipelineOptions.SOURCE_EXCLUDE_TABLES));
    startingSource.tablesLeftOut().stream()
        .map(DebeziumProperties::exactName)
        .forEach(excludes::add);
    String includeList = tableIncludeList(config.sourceTables(), excludes);
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
    // Every operation, truncates too (both connectors skip them by default): source.truncate
    // decides whether a truncate is replicated or dead-lettered (DebeziumSourceReader).
    p.setProperty("skipped.operations", "none");

    // Offsets are Flink state: the store is preloaded from the checkpoint, and written only when
    // a checkpoint completes (FlinkStateOffsetStore, DebeziumSourceReader).
    p.setProperty("offset.storage", FlinkStateOffsetStore.class.getName());
    p.setProperty("offset.flush.interval.ms", "0");

    signalTable.ifPresent(t -> signals(p, t));

    CaptureEngine engine = CaptureEngines.of(config.sourceEngine());
    if (engine.keepsSchemaHistory()) {
      // The connector needs the tables' schemas as of each binlog position it resumes from: the
      // history is Flink state, checkpointed with the offset (FlinkStateSchemaHistory).
      p.setProperty("schema.history.internal", FlinkStateSchemaHistory.class.getName());
      p.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
    }
    engine.debeziumProperties(config, p);
    startingSource.settings().forEach(p::setProperty);
    return p;
  }

  /**
   * A pattern that matches exactly {@code schema.table}: letters, digits and underscores as they
   * are, the dot escaped, every other character as {@code \x{hex}}, so that no name can end the
   * comma-separated list or form a quantifier.
   */
  static String exactName(String qualified) {
    StringBuilder pattern = new StringBuilder();
    qualified
        .codePoints()
        .forEach(
            c -> {
              if (c < 128 && (Character.isLetterOrDigit(c) || c == '_')) {
                pattern.appendCodePoint(c);
              } else if (c == '.') {
                pattern.append("\\.");
              } else {
                pattern.append("\\x{").append(Integer.toHexString(c)).append('}');
              }
            });
    return pattern.toString();
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
        .map(DebeziumProperties::escapeCommas)
        .collect(Collectors.joining(","));
  }

  /**
   * Debezium's {@code message.key.columns}, {@code schema.table:c1,c2;…} ({@code db.table} on
   * MariaDB/MySQL), from {@code source.key-columns} entries of the same form. The entries name
   * tables and columns as they are; Debezium reads each part as a regular expression and splits the
   * list at {@code ;}, {@code :} and {@code ,}, so every character of a name but letters, digits
   * and {@code _} is written as a {@code \x{..}} escape: a name with a dot, a {@code $} or a space
   * matches itself and nothing else.
   */
  static String messageKeyColumns(List<String> entries) {
    List<String> mapped = new ArrayList<>();
    for (String entry : entries) {
      String[] parts = entry.split(":", 2);
      String columns =
          Arrays.stream(parts[1].split(","))
              .map(String::trim)
              .map(DebeziumProperties::literal)
              .collect(Collectors.joining(","));
      mapped.add(literal(parts[0].trim()) + ":" + columns);
    }
    return String.join(";", mapped);
  }

  /** A regular expression that matches {@code name} exactly and holds no list separator. */
  static String literal(String name) {
    StringBuilder regex = new StringBuilder();
    name.codePoints()
        .forEach(
            c -> {
              if ((c >= 'A' && c <= 'Z')
                  || (c >= 'a' && c <= 'z')
                  || (c >= '0' && c <= '9')
                  || c == '_') {
                regex.appendCodePoint(c);
              } else {
                regex.append("\\x{").append(Integer.toHexString(c)).append('}');
              }
            });
    return regex.toString();
  }

  /**
   * Debezium splits its regular-expression lists at every comma not preceded by a backslash, and
   * drops that backslash before it compiles the pattern. So each bare comma of a pattern ({@code
   * x{1,3}}, or a table name holding one) gets a backslash, and the pattern Debezium compiles is
   * the one the pipeline file holds, which the other parts of the pipeline match with.
   */
  static String escapeCommas(String regex) {
    StringBuilder escaped = new StringBuilder(regex.length());
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        escaped.append(c).append(regex.charAt(++i)); // an escape (an escaped comma too) stays
      } else if (c == ',') {
        escaped.append("\\,");
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static String commaList(List<String> items) {
    return items.stream()
        .map(String::trim)
        .map(DebeziumProperties::escapeCommas)
        .collect(Collectors.joining(","));
  }

  /** Whether a pipeline's capture keeps a schema history (binlog connectors do). */
  static boolean keepsSchemaHistory(PipelineConfig config) {
    return CaptureEngines.of(config.sourceEngine()).keepsSchemaHistory();
  }
}
