package io.lockstep.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.config.ConfigException;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.config.PipelineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineArgumentsTest {

  private static final String YAML =
      """
      pipeline.name: orders
      source.type: postgres
      source.host: db.example
      source.database: shop
      source.user: capture
      source.password-env: SOURCE_PW
      source.tables: ['shop\\\\.orders']
      target.host: target.example
      target.database: shop
      target.user: apply
      target.password-env: TARGET_PW
      kafka.bootstrap-servers: kafka:9092
      """;

  private final PipelineConfigLoader loader =
      new PipelineConfigLoader(variable -> "secret-of-" + variable);

  @Test
  void readsThePipelineFileNamedByConfig(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("orders.yaml"), YAML);

    PipelineConfig config =
        PipelineArguments.load(new String[] {"--config", file.toString()}, loader);

    assertThat(config.name()).isEqualTo("orders");
  }

  @Test
  void parsesThePipelineFilePassedAsText() {
    PipelineConfig config = PipelineArguments.load(new String[] {"--config-yaml", YAML}, loader);

    assertThat(config.name()).isEqualTo("orders");
    assertThat(config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("kafka:9092");
    assertThat(config.secret(PipelineOptions.SOURCE_PASSWORD_ENV))
        .as("secrets still come from the environment, by the variable the text names")
        .isEqualTo("secret-of-SOURCE_PW");
  }

  @Test
  void namesTheTextInValidationErrors() {
    assertThatThrownBy(
            () ->
                PipelineArguments.load(
                    new String[] {"--config-yaml", YAML.replace("kafka.", "kafak.")}, loader))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--config-yaml")
        .hasMessageContaining("kafak.bootstrap-servers");
  }

  @Test
  void refusesBothFormsAndNeither() {
    assertThatThrownBy(
            () ->
                PipelineArguments.load(
                    new String[] {"--config", "a.yaml", "--config-yaml", YAML}, loader))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> PipelineArguments.load(new String[] {"--parallelism", "2"}, loader))
        .hasMessageContaining("missing --config FILE");
    assertThatThrownBy(() -> PipelineArguments.load(new String[] {"--config-yaml"}, loader))
        .hasMessageContaining("--config-yaml needs a value");
  }
}
