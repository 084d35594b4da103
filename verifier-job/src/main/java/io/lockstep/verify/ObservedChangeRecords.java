package io.lockstep.verify;

import io.lockstep.runtime.SerializedChangeRecords;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads change records with their partition and offset. */
final class ObservedChangeRecords implements KafkaRecordDeserializationSchema<ObservedChange> {

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ObservedChange> out)
      throws IOException {
    out.collect(
        new ObservedChange(
            record.topic(),
            record.partition(),
            record.offset(),
            SerializedChangeRecords.orEmpty(record.key()),
            SerializedChangeRecords.orEmpty(record.value())));
  }

  @Override
  public TypeInformation<ObservedChange> getProducedType() {
    return TypeInformation.of(ObservedChange.class);
  }
}
