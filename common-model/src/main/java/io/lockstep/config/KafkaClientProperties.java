package io.lockstep.config;

import java.util.Properties;

/**
 * The settings every Kafka client Lockstep creates starts from: {@code kafka.bootstrap-servers} and
 * every {@code kafka.properties.*} (security protocol, SASL, TLS, timeouts). Producers, consumers,
 * admin clients, and Flink's Kafka sources and sinks all take them from here, so that a pipeline
 * file's client settings reach each of them. A client then sets what its own role needs (group,
 * (de)serialisers, delivery settings); the keys that order and delivery depend on cannot be set in
 * the file ({@link ReservedPassThroughKeys}).
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
}
