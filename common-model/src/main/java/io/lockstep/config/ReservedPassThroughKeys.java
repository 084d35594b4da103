package io.lockstep.config;

import java.util.List;
import java.util.Optional;

/**
 * Pass-through keys that Lockstep sets itself, refused when a pipeline file sets them. Debezium's
 * properties under {@code source.debezium.*} and the Kafka clients' under {@code
 * kafka.properties.*} are applied around Lockstep's own; an override of one of these would silently
 * move offsets out of Flink state, confirm the slot behind the checkpoints' back, change the value
 * forms the converters read, or the ordering and delivery the apply job relies on. Each entry says
 * which Lockstep option sets it instead, where one does. {@code DebeziumPropertiesTest} checks that
 * every key the capture sets is listed here.
 */
public final class ReservedPassThroughKeys {

  /**
   * One reserved key, or a family of keys when {@code family} (the key and everything below it).
   *
   * @param option the Lockstep option that sets it, or null when none does
   * @param reason why Lockstep must own it, or null when {@code option} says enough
   */
  public record Reserved(String prefix, String key, boolean family, String option, String reason) {

    boolean matches(String fullKey) {
      String full = prefix + key;
      return fullKey.equals(full) || (family && fullKey.startsWith(full + "."));
    }

    String problem(String fullKey) {
      String what =
          fullKey
              + ": Lockstep sets this "
              + (prefix.equals(DEBEZIUM) ? "Debezium" : "Kafka client")
              + " property itself";
      String why = reason == null ? "" : " (" + reason + ")";
      return option == null
          ? what + " and refuses an override: " + reason + ". Remove it from the file."
          : what
              + " from "
              + option
              + why
              + ": set "
              + option
              + " instead, and remove "
              + fullKey
              + ".";
    }

    /** The key as a pipeline file writes it. */
    public String fullKey() {
      return prefix + key;
    }
  }

  private static final String DEBEZIUM = "source.debezium.";
  private static final String KAFKA = "kafka.properties.";

  private static final String OFFSETS_ARE_STATE =
      "offsets are Flink state, stored only with a completed checkpoint";
  private static final String VALUE_FORMS =
      "the record converters read values in exactly this form";
  private static final String ORDERING =
      "per-row order and delivery depend on it (docs/architecture.md)";

  /** Every reserved key, Debezium's first. */
  public static final List<Reserved> ALL =
      List.of(
          debezium("name", "pipeline.name", "the engine is named lockstep-<pipeline.name>"),
          debezium("tasks.max", null, "the capture is one task"),
          debezium("topic.prefix", "pipeline.name", "it is the namespace of the capture's offsets"),
          debezium("connector.class", "source.type", null),
          debezium("database.hostname", "source.host", null),
          debezium("database.port", "source.port", null),
          debezium("database.user", "source.user", null),
          debezium("database.password", "source.password-env or source.password-file", null),
          debezium("database.dbname", "source.database", null),
          debezium("database.server.id", "source.server-id", null),
          debezium("database.include.list", "source.tables", null),
          debezium("database.exclude.list", "source.exclude-tables", null),
          debezium("table.include.list", "source.tables", null),
          debezium("table.exclude.list", "source.exclude-tables", null),
          debezium("column.include.list", "source.exclude-columns", null),
          debezium("column.exclude.list", "source.exclude-columns", null),
          debezium("message.key.columns", "source.key-columns", null),
          debezium("snapshot.mode", "source.snapshot-mode", null),
          debezium(
              "snapshot.locking.mode", null, "a global read lock only while the schema is read"),
          debezium("heartbeat.interval.ms", "source.heartbeat-interval", null),
          debezium("heartbeat.action.query", "source.heartbeat-action-query", null),
          debezium("slot.name", "source.slot-name", null),
          debezium("publication.name", "source.publication-name", null),
          debezium("publication.autocreate.mode", "source.publication-mode", null),
          debezium("plugin.name", null, "Lockstep reads pgoutput only"),
          debezium(
              "publish.via.partition.root",
              null,
              "a partitioned table is captured through its root (PostgreSQL 13+)"),
          debezium("lsn.flush.mode", null, "the slot is confirmed only at completed checkpoints"),
          debezium("signal.enabled.channels", "source.signal-table", null),
          debezium("signal.data.collection", "source.signal-table", null),
          debezium("poll.interval.ms", null, "tuned for apply latency (docs/benchmarks.md)"),
          debezium(
              "connect.keep.alive.interval.ms",
              null,
              "a lost binlog connection must be found within seconds (MariaDbCapture)"),
          debezium("decimal.handling.mode", null, VALUE_FORMS),
          debezium("time.precision.mode", null, VALUE_FORMS),
          debezium("binary.handling.mode", null, VALUE_FORMS),
          debezium("interval.handling.mode", null, VALUE_FORMS),
          debezium("bigint.unsigned.handling.mode", null, VALUE_FORMS),
          debezium("column.propagate.source.type", null, VALUE_FORMS),
          debezium("include.unknown.datatypes", null, VALUE_FORMS),
          debezium("tombstones.on.delete", null, VALUE_FORMS),
          debezium("include.schema.changes", null, "the schema history is Flink state instead"),
          debezium(
              "skipped.operations",
              "source.truncate",
              "the capture reads every operation; a skipped one would leave the target silently"
                  + " different"),
          debeziumFamily("offset.storage", null, OFFSETS_ARE_STATE),
          debeziumFamily("offset.flush", null, OFFSETS_ARE_STATE),
          debeziumFamily(
              "schema.history.internal",
              null,
              "the schema history is Flink state, restored with the offset"),
          debeziumFamily("lockstep", null, "Lockstep's own settings of the capture"),
          kafka("bootstrap.servers", "kafka.bootstrap-servers", null),
          kafka("group.id", "apply.consumer-group or verify.consumer-group", null),
          kafka("key.serializer", null, "Lockstep's wire format"),
          kafka("value.serializer", null, "Lockstep's wire format"),
          kafka("key.deserializer", null, "Lockstep's wire format"),
          kafka("value.deserializer", null, "Lockstep's wire format"),
          kafka("enable.auto.commit", null, "offsets are committed with checkpoints"),
          kafka("enable.idempotence", null, ORDERING),
          kafka("max.in.flight.requests.per.connection", null, ORDERING),
          kafka("acks", null, ORDERING),
          kafka("retries", null, ORDERING));

  private ReservedPassThroughKeys() {}

  /** The problem with a pass-through key a pipeline file sets, if Lockstep sets it itself. */
  public static Optional<String> problem(String fullKey) {
    return ALL.stream().filter(r -> r.matches(fullKey)).findFirst().map(r -> r.problem(fullKey));
  }

  /** Whether Debezium property {@code key} (without the prefix) is reserved. */
  public static boolean isReservedDebeziumKey(String key) {
    return problem(DEBEZIUM + key).isPresent();
  }

  /** Whether Kafka client property {@code key} (without the prefix) is reserved. */
  public static boolean isReservedKafkaKey(String key) {
    return problem(KAFKA + key).isPresent();
  }

  private static Reserved debezium(String key, String option, String reason) {
    return new Reserved(DEBEZIUM, key, false, option, reason);
  }

  private static Reserved debeziumFamily(String key, String option, String reason) {
    return new Reserved(DEBEZIUM, key, true, option, reason);
  }

  private static Reserved kafka(String key, String option, String reason) {
    return new Reserved(KAFKA, key, false, option, reason);
  }
}
