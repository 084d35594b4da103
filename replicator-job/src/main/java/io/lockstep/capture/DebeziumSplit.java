package io.lockstep.capture;

import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * The one split of a capture: the whole change stream of one source database. Its state is the
 * Debezium offset of the last record the reader emitted (nothing before the first checkpoint), the
 * epoch the capture is in (see {@link io.lockstep.event.SourcePosition}), and, for binlog sources,
 * the connector's schema history ({@link FlinkStateSchemaHistory}).
 *
 * @param partitionJson Debezium's source partition, as JSON; null before the first record
 * @param offsetJson Debezium's source offset, as JSON; null before the first record
 * @param epoch the epoch of the records read so far; 0 before the first start
 * @param schemaHistory the connector's schema history records (Debezium history documents as JSON),
 *     oldest first; empty for PostgreSQL, and before the first record
 */
public record DebeziumSplit(
    String partitionJson, String offsetJson, long epoch, List<String> schemaHistory)
    implements SourceSplit {

  static final String ID = "change-stream";

  public DebeziumSplit {
    schemaHistory = schemaHistory == null ? List.of() : List.copyOf(schemaHistory);
  }

  /** A split without schema history (PostgreSQL sources). */
  public DebeziumSplit(String partitionJson, String offsetJson, long epoch) {
    this(partitionJson, offsetJson, epoch, List.of());
  }

  public static DebeziumSplit fresh() {
    return new DebeziumSplit(null, null, 0);
  }

  public boolean hasOffset() {
    return offsetJson != null;
  }

  @Override
  public String splitId() {
    return ID;
  }

  /** Leaves the history out: it can hold thousands of table definitions. */
  @Override
  public String toString() {
    return "DebeziumSplit[partition="
        + partitionJson
        + ", offset="
        + offsetJson
        + ", epoch="
        + epoch
        + ", schemaHistory="
        + schemaHistory.size()
        + " records]";
  }
}
