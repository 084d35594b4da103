package io.lockstep.runtime;

import io.lockstep.contract.SerializedChange;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Moves {@link SerializedChange}s in and out of Kafka records unchanged. */
public final class SerializedChangeRecords {

  private SerializedChangeRecords() {}

  public static KafkaRecordSerializationSchema<SerializedChange> serializer() {
    return new Serializer();
  }

  public static KafkaRecordDeserializationSchema<SerializedChange> deserializer() {
    return new Deserializer();
  }

  private static final byte[] NONE = new byte[0];

  /**
   * Never null: a record without a key or a value (a tombstone, or a record some other client
   * wrote) is read with an empty one, which {@link ChangeRecordCheck} refuses. Throwing here would
   * fail the task, and the restarted task would read the same record again, for ever.
   */
  public static byte[] orEmpty(byte[] bytes) {
    return bytes == null ? NONE : bytes;
  }

  private static final class Serializer
      implements KafkaRecordSerializationSchema<SerializedChange> {
    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        SerializedChange change, KafkaSinkContext context, Long timestamp) {
      return new ProducerRecord<>(change.topic, null, timestamp, change.key, change.value);
    }
  }

  private static final class Deserializer
      implements KafkaRecordDeserializationSchema<SerializedChange> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SerializedChange> out)
        throws IOException {
      out.collect(
          SerializedChange.read(
              record.topic(),
              record.partition(),
              record.offset(),
              orEmpty(record.key()),
              orEmpty(record.value())));
    }

    @Override
    public TypeInformation<SerializedChange> getProducedType() {
      return TypeInformation.of(SerializedChange.class);
    }
  }
}
