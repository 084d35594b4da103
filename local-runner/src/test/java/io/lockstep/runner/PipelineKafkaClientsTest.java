package io.lockstep.runner;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runner's own Kafka clients (the progress count of {@code lockstep run}, the verifier report)
 * are built with the pipeline's {@code kafka.properties.*}: a setting no client accepts makes each
 * of them fail as it is created, before it would look for a broker.
 */
class PipelineKafkaClientsTest {

  private final PipelineConfig config =
      new PipelineConfigLoader(Map.of("P", "x")::get)
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
              kafka.bootstrap-servers: localhost:1
              kafka.properties.security.protocol: NO_SUCH_PROTOCOL
              """,
              "shop.yaml");

  @Test
  void theChangeTopicCountUsesThePipelinesClientSettings() {
    assertThatThrownBy(() -> ChangeTopicOffsets.changeRecords(config))
        .hasStackTraceContaining("NO_SUCH_PROTOCOL");
  }

  @Test
  void topicReadsUseThePipelinesClientSettings() {
    assertThatThrownBy(() -> DiscrepanciesTopic.readAll(config))
        .hasStackTraceContaining("NO_SUCH_PROTOCOL");
  }
}
