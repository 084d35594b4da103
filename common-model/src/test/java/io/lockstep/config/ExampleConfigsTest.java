package io.lockstep.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example pipeline files in config/ load and validate: the README points people at them. */
class ExampleConfigsTest {

  @Test
  void everyExamplePipelineFileIsValid() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(Path.of("..", "config"))) {
      files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains(
            "postgres-to-postgres.yaml",
            "mariadb-to-postgres.yaml",
            "postgres-to-mariadb.yaml",
            "mariadb-to-mariadb.yaml");
    PipelineConfigLoader loader = new PipelineConfigLoader(variable -> "from-" + variable);
    for (Path file : files) {
      PipelineConfig config = loader.load(file);
      assertThat(config.name()).as(file.toString()).isNotBlank();
      assertThat(TableSelection.of(config)).as(file.toString()).isNotNull();
      assertThat(TableNaming.of(config)).as(file.toString()).isNotNull();
    }
  }
}
