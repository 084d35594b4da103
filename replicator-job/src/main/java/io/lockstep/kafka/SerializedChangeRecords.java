package io.lockstep.kafka;

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

  /** Refuses a record that is not a change event: change topics hold only Lockstep's events. */
  public static void requireKeyAndValue(ConsumerRecord<byte[], byte[]> record) throws IOException {
    if (record.key() == null || record.value() == null) {
      throw new IOException(
          "record at "
              + record.topic()
              + "/"
              + record.partition()
              + "@"
              + record.offset()
              + " has no key or no value; change topics hold only Lockstep change events");
    }
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
      requireKeyAndValue(record);
      out.collect(new SerializedChange(record.topic(), record.key(), record.value()));
    }

    @Override
    public TypeInformation<SerializedChange> getProducedType() {
      return TypeInformation.of(SerializedChange.class);
    }
  }
}
