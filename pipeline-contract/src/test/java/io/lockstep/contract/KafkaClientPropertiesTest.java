package io.lockstep.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

  private static final String VALID =
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
      kafka.bootstrap-servers: kafka-1:9093,kafka-2:9093
      """;

  private final PipelineConfigLoader loader =
      new PipelineConfigLoader(Map.of("SRC_PW", "x", "DST_PW", "y")::get);

  @Test
  void everyClientStartsFromTheBootstrapServersAndThePassThroughProperties() {
    PipelineConfig config =
        loader.parse(
            VALID
                + """
                kafka.properties.security.protocol: SASL_SSL
                kafka.properties.sasl.mechanism: SCRAM-SHA-512
                kafka.properties.sasl.jaas.config: "${env:SHOP_KAFKA_JAAS}"
                kafka.properties.config.providers: env
                source.debezium.max.batch.size: 4096
                """,
            "shop.yaml");

    Properties properties = KafkaClientProperties.of(config);

    assertThat(properties)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "bootstrap.servers", "kafka-1:9093,kafka-2:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "${env:SHOP_KAFKA_JAAS}",
                "config.providers", "env"));
  }

  @Test
  void eachCallIsAFreshCopy() {
    PipelineConfig config = loader.parse(VALID, "shop.yaml");

    KafkaClientProperties.of(config).setProperty("group.id", "mine");

    assertThat(KafkaClientProperties.of(config)).doesNotContainKey("group.id");
  }
}
