package io.lockstep.kafka;

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

  public SerializedChange() {}

  public SerializedChange(String topic, byte[] key, byte[] value) {
    this.topic = topic;
    this.key = key;
    this.value = value;
  }

  public static SerializedChange of(String topicPrefix, ChangeEvent event) {
    return new SerializedChange(
        event.table().topic(topicPrefix),
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
