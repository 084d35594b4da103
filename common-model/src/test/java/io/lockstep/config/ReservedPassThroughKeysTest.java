package io.lockstep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReservedPassThroughKeysTest {

  private static final String VALID = MinimalPipeline.YAML;

  private final PipelineConfigLoader loader =
      new PipelineConfigLoader(Map.of("SRC_PW", "x", "DST_PW", "y")::get);

  @Test
  void anOverrideOfAKeyLockstepSetsIsRefusedWithTheOptionToUseInstead() {
    String yaml =
        VALID
            + """
            source.debezium.slot.name: other_slot
            source.debezium.database.password: leaked-pw
            source.debezium.offset.storage: org.apache.kafka.connect.storage.FileOffsetBackingStore
            source.debezium.offset.storage.file.filename: /tmp/offsets
            source.debezium.offset.flush.interval.ms: 1000
            source.debezium.lsn.flush.mode: connector_and_driver
            source.debezium.schema.history.internal.kafka.topic: history
            kafka.properties.bootstrap.servers: elsewhere:9092
            kafka.properties.enable.idempotence: true
            """;

    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "source.debezium.slot.name: Lockstep sets this Debezium property itself from"
                + " source.slot-name: set source.slot-name instead")
        .hasMessageContaining(
            "source.debezium.database.password: Lockstep sets this Debezium property itself from"
                + " source.password-env or source.password-file")
        .hasMessageContaining(
            "source.debezium.offset.storage: Lockstep sets this Debezium property itself and"
                + " refuses an override: offsets are Flink state")
        .hasMessageContaining("source.debezium.offset.storage.file.filename:")
        .hasMessageContaining("source.debezium.offset.flush.interval.ms:")
        .hasMessageContaining("source.debezium.lsn.flush.mode:")
        .hasMessageContaining("source.debezium.schema.history.internal.kafka.topic:")
        .hasMessageContaining(
            "kafka.properties.bootstrap.servers: Lockstep sets this Kafka client property itself"
                + " from kafka.bootstrap-servers")
        .hasMessageContaining("kafka.properties.enable.idempotence:")
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(9))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("leaked-pw"));
  }

  @Test
  void otherPassThroughKeysAreKept() {
    String yaml =
        VALID
            + """
            source.debezium.max.batch.size: 4096
            source.debezium.incremental.snapshot.chunk.size: 100
            source.debezium.slot.drop.on.stop: false
            kafka.properties.security.protocol: SASL_SSL
            kafka.properties.max.request.size: 1048576
            """;

    PipelineConfig config = loader.parse(yaml, "shop.yaml");

    assertThat(config.passThrough("source.debezium."))
        .containsEntry("max.batch.size", "4096")
        .containsEntry("slot.drop.on.stop", "false");
    assertThat(config.passThrough("kafka.properties.")).containsKey("max.request.size");
  }

  @Test
  void familiesCoverTheirChildrenOnly() {
    assertThat(ReservedPassThroughKeys.isReservedDebeziumKey("offset.storage")).isTrue();
    assertThat(ReservedPassThroughKeys.isReservedDebeziumKey("offset.storage.topic")).isTrue();
    assertThat(ReservedPassThroughKeys.isReservedDebeziumKey("offset.storagex")).isFalse();
    assertThat(ReservedPassThroughKeys.isReservedDebeziumKey("slot.name.suffix")).isFalse();
    assertThat(ReservedPassThroughKeys.isReservedKafkaKey("acks")).isTrue();
    assertThat(ReservedPassThroughKeys.isReservedKafkaKey("sasl.mechanism")).isFalse();
  }
}
