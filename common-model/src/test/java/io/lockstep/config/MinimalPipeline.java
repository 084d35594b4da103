package io.lockstep.config;

/** The smallest valid pipeline file, in flat keys, for the configuration tests to add lines to. */
final class MinimalPipeline {

  /** Passwords in {@code SRC_PW} and {@code DST_PW}; Kafka at {@code kafka:9092}. */
  static final String YAML =
      """
      pipeline.name: shop
      source.host: db1
      source.database: shop
      source.user: replicator
      source.password-env: SRC_PW
      source.tables: [public.orders]
      target.host: db2
      target.database: shop
      target.user: writer
      target.password-env: DST_PW
      kafka.bootstrap-servers: kafka:9092
      """;

  private MinimalPipeline() {}
}
