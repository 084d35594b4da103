package io.lockstep.capture;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * The one split of a capture: the whole change stream of one source database. Its state is the
 * Debezium offset of the last record the reader emitted (nothing before the first checkpoint), and
 * the epoch the capture is in (see {@link io.lockstep.event.SourcePosition}).
 *
 * @param partitionJson Debezium's source partition, as JSON; null before the first record
 * @param offsetJson Debezium's source offset, as JSON; null before the first record
 * @param epoch the epoch of the records read so far; 0 before the first start
 */
public record DebeziumSplit(String partitionJson, String offsetJson, long epoch)
    implements SourceSplit {

  static final String ID = "change-stream";

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
}
