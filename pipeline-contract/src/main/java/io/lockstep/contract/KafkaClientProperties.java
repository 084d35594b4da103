package io.lockstep.contract;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import java.util.Properties;

/**
 * The settings every Kafka client Lockstep creates starts from: {@code kafka.bootstrap-servers} and
 * every {@code kafka.properties.*} (security protocol, SASL, TLS, timeouts). Producers, consumers,
 * admin clients, and Flink's Kafka sources and sinks all take them from here, so that a pipeline
 * file's client settings reach each of them. A client then sets what its own role needs (group,
 * (de)serialisers, delivery settings); the keys that order and delivery depend on cannot be set in
 * the file ({@link io.lockstep.config.ReservedPassThroughKeys}).
 *
 * <p>Secrets among them should be written as Kafka config-provider references ({@code
 * ${env:VARIABLE}}, {@code ${directory:PATH:FILE}}, docs/security.md): a client resolves them when
 * it is created, in the task, so the job graph holds only the reference.
 */
public final class KafkaClientProperties {

  private static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

  private KafkaClientProperties() {}

  /**
   * What a producer must send beyond {@code kafka.max-record-bytes}: the capture refuses change
   * records over the limit, but a dead-letter record of a row at the limit (the refused change and
   * the target's error) is a little larger, and must not stop the sink that writes it.
   */
  public static final int DEAD_LETTER_HEADROOM = 1024 * 1024;

  /**
   * Every Lockstep producer's {@code max.request.size}: the record limit plus the dead-letter
   * headroom (docs/operations.md, Record size limit).
   */
  public static int maxRequestBytes(PipelineConfig config) {
    return config.get(PipelineOptions.KAFKA_MAX_RECORD_BYTES) + DEAD_LETTER_HEADROOM;
  }

  /** A fresh copy, which the caller may add to. */
  public static Properties of(PipelineConfig config) {
    Properties properties = new Properties();
    config.passThrough("kafka.properties.").forEach(properties::setProperty);
    properties.setProperty(BOOTSTRAP_SERVERS, config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS));
    return properties;
  }

  /** Producer settings of every Lockstep topic writer. */
  public static Properties producer(PipelineConfig config) {
    Properties producer = of(config);
    // Per-partition order across retries comes from one request in flight per connection, not
    // from idempotence: with idempotence, a partition whose leader was still being elected when
    // the topic was auto-created could leave the producer retrying OUT_OF_ORDER_SEQUENCE_NUMBER
    // until its delivery timeout (seen in DatabaseRestartIT). Duplicates after a retry are
    // harmless: apply is idempotent.
    producer.setProperty("enable.idempotence", "false");
    producer.setProperty("max.in.flight.requests.per.connection", "1");
    producer.setProperty("retries", Integer.toString(Integer.MAX_VALUE));
    producer.setProperty("acks", "all");
    producer.setProperty("linger.ms", "5");
    producer.setProperty("compression.type", "lz4");
    int limit = maxRequestBytes(config);
    producer.putIfAbsent("max.request.size", Integer.toString(limit));
    // A record must also fit the producer's buffer (32 MiB by default); allocated on demand.
    producer.putIfAbsent("buffer.memory", Long.toString(Math.max(32L << 20, 2L * limit)));
    return producer;
  }

  /** A sink writing records to the topics they name, at least once (flushed at checkpoints). */
}
