package io.lockstep.contract;

import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import java.nio.charset.StandardCharsets;

/**
 * A change event already in its Kafka wire form. Jobs pass this between operators instead of {@link
 * ChangeEvent}, so that Flink copies two byte arrays (a POJO, no Kryo) and each event is encoded
 * once, in the capture, and decoded once, where it is applied.
 */
public class SerializedChange {

  /** The Kafka topic: {@code <prefix>.<database>.<schema>.<table>}. */
  public String topic;

  /** Primary-key values as JSON: the Kafka record key, and the routing key of the apply job. */
  public byte[] key;

  /** The encoded {@link ChangeEvent}. */
  public byte[] value;

  /** Where the record was read, for dead-letter records and logs; -1 where it was not read. */
  public int partition = -1;

  public long offset = -1;

  public SerializedChange() {}

  public SerializedChange(String topic, byte[] key, byte[] value) {
    this.topic = topic;
    this.key = key;
    this.value = value;
  }

  /** A record read from Kafka at {@code partition}/{@code offset}. */
  public static SerializedChange read(
      String topic, int partition, long offset, byte[] key, byte[] value) {
    SerializedChange change = new SerializedChange(topic, key, value);
    change.partition = partition;
    change.offset = offset;
    return change;
  }

  /** {@code topic/partition@offset}, naming the record in errors. */
  public String where() {
    return topic + "/" + partition + "@" + offset;
  }

  public static SerializedChange of(String topicPrefix, ChangeEvent event) {
    return new SerializedChange(
        PipelineTopics.changes(topicPrefix, event.table()),
        ChangeEventCodec.encodeKey(event),
        ChangeEventCodec.encodeValue(event));
  }

  /** Topic and key: every change of one row has the same routing key. */
  public String routingKey() {
    return topic + '\u0000' + new String(key, StandardCharsets.UTF_8);
  }

  public ChangeEvent decode() {
    return ChangeEventCodec.decodeValue(value);
  }
}
