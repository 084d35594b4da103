package io.lockstep.bench;

import io.lockstep.contract.CaptureEpochs;
import io.lockstep.contract.SerializedChange;
import io.lockstep.event.ChangeEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes one seeded backlog to Kafka in each of the formats the apply suite's writers read. */
final class Backlog {

  static final int PARTITIONS = 4;

  private Backlog() {}

  static void createTopics(String bootstrapServers, List<String> topics)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin
          .createTopics(topics.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList())
          .all()
          .get();
    }
  }

  /**
   * Produces {@code changes} changes of {@code seed}'s workload to both topics (null skips one);
   * returns the state the target table must reach.
   */
  static OrdersTable.State produce(
      String bootstrapServers, long seed, int changes, String lockstepTopic, String debeziumTopic) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrapServers);
    properties.put("key.serializer", ByteArraySerializer.class.getName());
    properties.put("value.serializer", ByteArraySerializer.class.getName());
    properties.put("compression.type", "lz4");
    properties.put("linger.ms", "20");
    properties.put("batch.size", Integer.toString(512 * 1024));
    properties.put("acks", "all");
    ChangeWorkload workload = new ChangeWorkload(seed);
    DebeziumChangeRecords debezium =
        debeziumTopic == null ? null : new DebeziumChangeRecords(debeziumTopic);
    Instant commitTime = Instant.now();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback failed =
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        };
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
      if (lockstepTopic != null) {
        // The events are of epoch 1, which the apply job accepts only as the capture announced.
        SerializedChange epoch =
            CaptureEpochs.announcement(
                lockstepTopic.substring(0, lockstepTopic.indexOf('.')), "bench", 1);
        producer.send(new ProducerRecord<>(epoch.topic, epoch.key, epoch.value), failed);
      }
      for (long i = 0; i < changes; i++) {
        ChangeWorkload.RowChange change = workload.next();
        if (lockstepTopic != null) {
          ChangeEvent event = LockstepChangeRecords.event(change, i, commitTime);
          producer.send(
              new ProducerRecord<>(
                  lockstepTopic,
                  LockstepChangeRecords.key(event),
                  LockstepChangeRecords.value(event)),
              failed);
        }
        if (debezium != null) {
          producer.send(
              new ProducerRecord<>(
                  debeziumTopic, debezium.key(change.id()), debezium.value(change, i, commitTime)),
              failed);
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("writing the backlog to Kafka failed", failure.get());
    }
    return workload.expectedState();
  }
}
