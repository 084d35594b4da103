package io.lockstep.recovery.service.ingest;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.KafkaClientProperties;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.retry.Backoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code <prefix>.failed-rows} and {@code <prefix>.discrepancies} on a thread of its own
 * (group {@code lockstep-recovery-<pipeline>}) and commits the offsets of a poll only after its
 * records are in the store. Every record is stored on its own ({@link IngestStore}): one the
 * decoder cannot read or the store refuses is kept as an item with the reason and counted, and the
 * records after it go on. A store that fails leaves the offsets where they were: the poll's records
 * are read again, which the store's idempotent upsert makes harmless.
 */
@Component
class IngestLoop implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(IngestLoop.class);

  /** The wait before a poll whose store failed is read again: 1s, 2s, 4s, ... at most 30s. */
  private static final Backoff STORE_BACKOFF =
      Backoff.doubling(Duration.ofMillis(500), Duration.ofSeconds(30));

  private final PipelineConfig pipeline;
  private final RecoveryProperties properties;
  private final IngestStore store;
  private final RecordDecoder decoder;
  private final IngestMetrics metrics;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;

  IngestLoop(
      PipelineConfig pipeline,
      RecoveryProperties properties,
      IngestStore store,
      MeterRegistry meters) {
    this.pipeline = pipeline;
    this.properties = properties;
    this.store = store;
    this.decoder = new RecordDecoder(failedRowsTopic(pipeline), discrepanciesTopic(pipeline));
    this.metrics =
        new IngestMetrics(meters, List.of(failedRowsTopic(pipeline), discrepanciesTopic(pipeline)));
  }

  static String failedRowsTopic(PipelineConfig pipeline) {
    return PipelineTopics.failedRows(pipeline.topicPrefix());
  }

  static String discrepanciesTopic(PipelineConfig pipeline) {
    return PipelineTopics.discrepancies(pipeline.topicPrefix());
  }

  /** The consumer group of the service's ingest. */
  static String group(PipelineConfig pipeline) {
    return "lockstep-recovery-" + pipeline.name();
  }

  @Override
  public void start() {
    if (!properties.ingest().enabled()) {
      LOG.info("Ingest is off (lockstep.ingest.enabled=false)");
      return;
    }
    running = true;
    thread = new Thread(this::run, "lockstep-recovery-ingest");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    stopRequested.countDown();
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    if (thread != null) {
      try {
        if (!stopped.await(30, TimeUnit.SECONDS)) {
          LOG.warn("The ingest thread did not stop within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
      consumer = kafka;
      kafka.subscribe(List.of(failedRowsTopic(pipeline), discrepanciesTopic(pipeline)));
      LOG.info(
          "Reading {} and {} as group {}",
          failedRowsTopic(pipeline),
          discrepanciesTopic(pipeline),
          group(pipeline));
      long failures = 0;
      while (running) {
        ConsumerRecords<byte[], byte[]> records = kafka.poll(properties.ingest().pollTimeout());
        if (records.isEmpty()) {
          continue;
        }
        List<ReadRecord> read = decode(records);
        List<IngestStore.Refused> refused;
        try {
          refused = store.store(read);
        } catch (RuntimeException e) {
          failures++;
          long wait = STORE_BACKOFF.after((int) Math.min(failures, 6)).toMillis();
          metrics.storeUnavailable(topics(records));
          LOG.warn(
              "Storing {} records failed, attempt {} of unlimited ({}); none of them is kept, their"
                  + " offsets are not committed, reading them again in {} ms",
              records.count(),
              failures,
              e.toString(),
              wait);
          rewind(kafka, records);
          pause(wait);
          continue;
        }
        failures = 0;
        report(read, refused);
        commit(kafka, records);
      }
    } catch (WakeupException e) {
      // stop() woke the consumer up.
    } catch (RuntimeException e) {
      LOG.error("The ingest of failed rows and discrepancies stopped", e);
    } finally {
      running = false;
      stopped.countDown();
    }
  }

  private List<ReadRecord> decode(ConsumerRecords<byte[], byte[]> records) {
    List<ReadRecord> read = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      read.add(new ReadRecord(record, decoder.decode(record)));
    }
    return read;
  }

  /** Logs and counts, once the poll is stored, the records that were not taken as rows. */
  private void report(List<ReadRecord> read, List<IngestStore.Refused> refused) {
    for (ReadRecord record : read) {
      if (record.decoded() instanceof RecordDecoder.Upsert upsert && !upsert.retryable()) {
        metrics.failed(record.source().topic(), IngestMetrics.Reason.UNDECODABLE);
        LOG.warn(
            "Record {}-{}@{} kept as an item of kind UNDECODABLE ({})",
            record.source().topic(),
            record.source().partition(),
            record.source().offset(),
            upsert.record().error());
      }
    }
    for (IngestStore.Refused one : refused) {
      metrics.failed(one.source().topic(), IngestMetrics.Reason.UNSTORABLE);
      LOG.warn(
          "Record {}-{}@{} cannot be stored ({}); kept as an item of kind UNSTORABLE with the"
              + " database's reason",
          one.source().topic(),
          one.source().partition(),
          one.source().offset(),
          one.code());
    }
    metrics.ingested(read.size());
  }

  private static Set<String> topics(ConsumerRecords<byte[], byte[]> records) {
    Set<String> topics = new TreeSet<>();
    records.partitions().forEach(partition -> topics.add(partition.topic()));
    return topics;
  }

  private static void commit(
      KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
    try {
      kafka.commitSync(nextOffsets(records));
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      // The records are stored: reading them again (after a rebalance, or a restart) is a
      // redelivery, which changes nothing; a later commit moves the offsets on.
      LOG.warn(
          "Committing the offsets of {} stored records failed ({}); they may be read again",
          records.count(),
          e.toString());
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(
      ConsumerRecords<byte[], byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> of = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
    }
    return offsets;
  }

  private static void rewind(
      KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      kafka.seek(partition, records.records(partition).get(0).offset());
    }
  }

  private void pause(long millis) {
    try {
      // Waits on the stop request, so that stop() does not wait out the back-off.
      stopRequested.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private Properties consumerProperties() {
    Properties props = KafkaClientProperties.of(pipeline);
    props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group(pipeline));
    props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "lockstep-recovery-" + pipeline.name());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }
}
