package io.lockstep.capture;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;

/** Pipeline configurations for capture tests, from flat YAML lines. */
public final class TestConfigs {

  private TestConfigs() {}

  /** A pipeline named {@code name} from a {@code type} source; {@code extra} adds YAML lines. */
  public static PipelineConfig pipeline(String name, String type, String... extra) {
    StringBuilder yaml =
        new StringBuilder(
            """
            pipeline.name: %s
            source.type: %s
            source.host: db.example
            source.port: 3306
            source.database: shop
            source.user: capture
            source.password-env: SOURCE_PW
            target.host: target.example
            target.database: shop
            target.user: apply
            target.password-env: TARGET_PW
            kafka.bootstrap-servers: kafka:9092
            """
                .formatted(name, type));
    boolean tables = false;
    for (String line : extra) {
      yaml.append(line).append('\n');
      tables |= line.startsWith("source.tables:");
    }
    if (!tables) {
      yaml.append("source.tables: ['shop\\.orders', 'shop\\.order_lines']\n");
    }
    return new PipelineConfigLoader(variable -> "secret-of-" + variable)
        .parse(yaml.toString(), "test");
  }
}
