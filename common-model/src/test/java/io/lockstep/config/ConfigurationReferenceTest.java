package io.lockstep.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigurationReferenceTest {

  @Test
  void committedReferenceMatchesTheOptions() throws Exception {
    Path committed = Path.of("..", "docs", "configuration.md");
    assertThat(Files.readString(committed))
        .as(
            "docs/configuration.md is stale; regenerate it: java -cp common-model/target/classes"
                + " io.lockstep.config.ConfigurationReference docs/configuration.md")
        .isEqualTo(ConfigurationReference.render());
  }

  @Test
  void everyOptionIsDocumented() {
    String reference = ConfigurationReference.render();
    for (PipelineOption<?> option : PipelineOptions.ALL) {
      assertThat(reference).contains("`" + option.key() + "`");
    }
  }
}
