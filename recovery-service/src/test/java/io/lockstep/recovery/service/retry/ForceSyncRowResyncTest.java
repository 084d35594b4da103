package io.lockstep.recovery.service.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import org.junit.jupiter.api.Test;

class ForceSyncRowResyncTest {

  @Test
  void theForceSyncProducerTakesThePipelinesKafkaClientSettings() {
    PipelineConfig config =
        new PipelineConfigLoader(name -> "pw")
            .parse(
                """
                pipeline.name: shop
                source.host: db.example
                source.database: shop
                source.user: capture
                source.password-env: P
                source.tables: ['shop\\.orders']
                target.host: target.example
                target.database: shop
                target.user: apply
                target.password-env: P
                kafka.bootstrap-servers: kafka-1:9093
                kafka.properties.security.protocol: SASL_SSL
                kafka.properties.sasl.mechanism: SCRAM-SHA-512
                """,
                "shop.yaml");

    assertThat(ForceSyncRowResync.producerProperties(config))
        .containsEntry("bootstrap.servers", "kafka-1:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("acks", "all")
        .containsEntry("client.id", "lockstep-recovery-shop")
        // A whole row, up to the default 16 MiB record limit plus the dead-letter headroom.
        .containsEntry("max.request.size", Integer.toString(17 * 1024 * 1024));
  }
}
