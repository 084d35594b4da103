package io.lockstep.verify;

/**
 * The keyed state of one row waiting for its check: its newest change (where it is in Kafka and the
 * encoded event) and when the check is due. The topic and record key are the state's key, so they
 * are not stored again. One value, so that a change costs one read and one write of state. A Flink
 * POJO.
 */
public class PendingRow {

  public int partition;
  public long offset;
  public long dueAt;

  /** The encoded change event. */
  public byte[] value;

  public PendingRow() {}

  PendingRow(ObservedChange change, long dueAt) {
    this.partition = change.partition;
    this.offset = change.offset;
    this.value = change.value;
    this.dueAt = dueAt;
  }

  /** The change again, from the state key ({@link ObservedChange#routingKey}) and this row. */
  ObservedChange change(String routingKey) {
    int separator = routingKey.indexOf('\u0000');
    return new ObservedChange(
        routingKey.substring(0, separator),
        partition,
        offset,
        routingKey.substring(separator + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        value);
  }
}
