package io.lockstep.verify;

import java.nio.charset.StandardCharsets;

/**
 * A change record as the verifier read it: the encoded change event and where it is in Kafka, so
 * that the verifier can tell whether the apply job has committed past it. A Flink POJO (byte arrays
 * and plain fields, no Kryo).
 */
public class ObservedChange {

  public String topic;
  public int partition;
  public long offset;

  /** The record key: the row's primary-key values as JSON. */
  public byte[] key;

  /** The encoded change event. */
  public byte[] value;

  public ObservedChange() {}

  public ObservedChange(String topic, int partition, long offset, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.key = key;
    this.value = value;
  }

  /** Topic and key: every change of one row has the same routing key. */
  public String routingKey() {
    return topic + '\u0000' + new String(key, StandardCharsets.UTF_8);
  }

  public String keyJson() {
    return new String(key, StandardCharsets.UTF_8);
  }
}
