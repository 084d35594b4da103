package io.lockstep.capture;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/** The Debezium connector configuration of a pipeline's capture. */
public final class DebeziumProperties {

  /** The engine name; it is also the namespace of offsets in the offset store. */
  static String engineName(PipelineConfig config) {
    return "lockstep-" + config.name();
  }

  private DebeziumProperties() {}

  public static Properties of(PipelineConfig config) {
    Properties p = new Properties();
    p.setProperty("name", engineName(config));
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("tasks.max", "1");
    // Debezium's logical server name: the partition of its offsets, not a Kafka topic of ours.
    p.setProperty("topic.prefix", config.name());
    p.setProperty("database.hostname", config.get(PipelineOptions.SOURCE_HOST));
    p.setProperty("database.port", config.get(PipelineOptions.SOURCE_PORT).toString());
    p.setProperty("database.dbname", config.get(PipelineOptions.SOURCE_DATABASE));
    p.setProperty("database.user", config.get(PipelineOptions.SOURCE_USER));
    p.setProperty("database.password", config.secret(PipelineOptions.SOURCE_PASSWORD_ENV));
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", config.slotName());
    p.setProperty("publication.name", config.publicationName());
    p.setProperty(
        "publication.autocreate.mode", config.get(PipelineOptions.SOURCE_PUBLICATION_MODE));
    p.setProperty("table.include.list", tableIncludeList(config.sourceTables()));
    p.setProperty("snapshot.mode", config.get(PipelineOptions.SOURCE_SNAPSHOT_MODE));
    p.setProperty(
        "heartbeat.interval.ms",
        Long.toString(config.get(PipelineOptions.SOURCE_HEARTBEAT_INTERVAL).toMillis()));

    String heartbeatAction = config.get(PipelineOptions.SOURCE_HEARTBEAT_ACTION_QUERY);
    if (!heartbeatAction.isBlank()) {
      p.setProperty("heartbeat.action.query", heartbeatAction);
    }

    // Debezium hands a batch over when it holds max.batch.size events or when poll.interval.ms
    // has passed. Its default of 500 ms was most of the commit-to-applied latency at moderate
    // rates (docs/benchmarks.md); under load batches still fill before the interval ends.
    p.setProperty("poll.interval.ms", "20");

    // Value representations PostgresRecordConverter expects: nothing rounded, nothing lost.
    p.setProperty("decimal.handling.mode", "string");
    p.setProperty("interval.handling.mode", "string");
    p.setProperty("time.precision.mode", "adaptive_time_microseconds");
    p.setProperty("binary.handling.mode", "bytes");
    p.setProperty("column.propagate.source.type", ".*");
    p.setProperty("tombstones.on.delete", "false");
    p.setProperty("include.unknown.datatypes", "true");

    // Offsets are Flink state: the store is preloaded from the checkpoint, and written only when
    // a checkpoint completes (FlinkStateOffsetStore, DebeziumSourceReader).
    p.setProperty("offset.storage", FlinkStateOffsetStore.class.getName());
    p.setProperty("offset.flush.interval.ms", "0");
    // Never let the JDBC driver's keep-alives confirm LSNs behind the checkpoints' back.
    p.setProperty("lsn.flush.mode", "connector");

    config.passThrough("source.debezium.").forEach(p::setProperty);
    return p;
  }

  /** Debezium matches {@code schema.table} regular expressions, comma separated. */
  static String tableIncludeList(List<String> patterns) {
    return patterns.stream().map(String::trim).collect(Collectors.joining(","));
  }
}
