package io.lockstep.recovery.service.retry;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.contract.KafkaClientProperties;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.engines.Engines;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.recovery.sync.ForceSync;
import io.lockstep.recovery.sync.SyncResult;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Tier 1 over recovery-core's {@link ForceSync}: the row is re-read from the source and written to
 * the target with origin F behind the position guard, then checked.
 *
 * <p>A row that ends consistent is also published to its change topic as a force-sync image (the
 * envelope's {@code origin} F, docs/wire-format.md), keyed like the capture's records so that it
 * lands in the row's partition, behind every change already there. The apply job writes it like any
 * change (the same guard: a newer change wins) and, because it carries the whole row, releases the
 * key if the apply job had parked it behind a refused change; without this, later partial changes
 * of that row would go on being dead-lettered. A row the source no longer has is deleted on the
 * target and nothing is published: its key stays parked until it is inserted again, which releases
 * it.
 */
final class ForceSyncRowResync implements RowResync, AutoCloseable {

  private final PipelineConfig config;
  private final ForceSync forceSync;
  private final KafkaProducer<byte[], byte[]> producer;

  ForceSyncRowResync(PipelineConfig config) {
    this.config = config;
    this.forceSync = ForceSync.open(config);
    this.producer =
        new KafkaProducer<>(
            producerProperties(config), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The pipeline's Kafka client settings (security included), and this producer's own. */
  static Properties producerProperties(PipelineConfig config) {
    Properties settings = KafkaClientProperties.of(config);
    settings.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    // A force-sync image is a whole row: as large as the capture's records may be.
    settings.setProperty(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Integer.toString(KafkaClientProperties.maxRequestBytes(config)));
    settings.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "lockstep-recovery-" + config.name());
    settings.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    settings.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    return settings;
  }

  @Override
  public ResyncOutcome resync(String table, String keyJson, String knownPosition) throws Exception {
    SyncResult result =
        forceSync.syncRecordKeys(sourceTable(table), List.of(keyJson), knownPosition).get(0);
    if (result.action() == SyncResult.Action.FAILED) {
      return ResyncOutcome.failed(result.detail());
    }
    if (result.consistent() && result.image() != null) {
      publish(result.image().withOrigin(ChangeEvent.ORIGIN_FORCE_SYNC));
    }
    String detail =
        result.action()
            + (result.position() == null ? "" : " at " + result.position())
            + (result.detail() == null ? "" : ": " + result.detail());
    return new ResyncOutcome(result.consistent(), result.action().name(), detail);
  }

  /** Waits for the broker's acknowledgement: an image that was not published fails the attempt. */
  private void publish(ChangeEvent image) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                PipelineTopics.changes(config.topicPrefix(), image.table()),
                ChangeEventCodec.encodeKey(image),
                ChangeEventCodec.encodeValue(image)))
        .get(60, TimeUnit.SECONDS);
  }

  /**
   * The service names tables {@code schema.table}; events {@code database.schema.table}, where a
   * MariaDB/MySQL table's schema is its database.
   */
  private String sourceTable(String table) {
    if (!Engines.of(config.sourceEngine()).catalog().schemaIsDatabase()) {
      return config.get(PipelineOptions.SOURCE_DATABASE) + "." + table;
    }
    return table.substring(0, table.indexOf('.')) + "." + table;
  }

  @Override
  public void close() {
    try {
      producer.close();
    } finally {
      forceSync.close();
    }
  }
}
