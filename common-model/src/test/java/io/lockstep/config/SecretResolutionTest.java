package io.lockstep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets are read where they are used: the registry, the environment variable, the file. */
class SecretResolutionTest {

  private static final String VALID = MinimalPipeline.YAML;

  private final PipelineConfigLoader loader =
      new PipelineConfigLoader(Map.of("SRC_PW", "source-pw", "DST_PW", "target-pw")::get);

  @Test
  void anInProcessEnvironmentsSecretsReachTheJobsOfThisJvmThroughTheRegistry() throws Exception {
    PipelineConfig config = loader.parse(VALID, "shop.yaml");

    PipelineConfig inTheTask = javaRoundTrip(config);

    assertThat(inTheTask.secret(PipelineOptions.SOURCE_PASSWORD_ENV)).isEqualTo("source-pw");
    assertThat(inTheTask.secret(PipelineOptions.TARGET_PASSWORD_ENV)).isEqualTo("target-pw");
    assertThat(inTheTask.secret(PipelineOptions.TARGET_PASSWORD_FILE))
        .as("either option of a secret names the same secret")
        .isEqualTo("target-pw");
  }

  @Test
  void aPasswordFileIsReadWhenTheSecretIsUsedNotWhenTheFileIsLoaded(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("source-password"), "first-pw\n");
    PipelineConfig config =
        loader.parse(
            VALID.replace("source.password-env: SRC_PW", "source.password-file: " + file),
            "shop.yaml");
    byte[] jobGraph = SecretsNeverShownTest.javaSerialised(config);
    Files.writeString(file, "rotated-pw\r\n");

    PipelineConfig inTheTask = javaDeserialised(jobGraph);

    assertThat(new String(jobGraph, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("first-pw");
    assertThat(inTheTask.secret(PipelineOptions.SOURCE_PASSWORD_FILE))
        .as("read again from the file, its trailing line break dropped")
        .isEqualTo("rotated-pw");
  }

  @Test
  void aSecretFileThatIsGoneIsNamedWithItsKeyAndPath(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("target-password"), "target-file-pw");
    PipelineConfig config =
        loader.parse(
            VALID.replace("target.password-env: DST_PW", "target.password-file: " + file),
            "shop.yaml");
    Files.delete(file);

    assertThatThrownBy(() -> config.secret(PipelineOptions.TARGET_PASSWORD_ENV))
        .isInstanceOf(MissingSecretException.class)
        .hasMessageContaining("target.password-file: secret file '" + file + "' does not exist");
  }

  @Test
  void aMissingSecretFileIsRefusedAtLoadTime(@TempDir Path dir) {
    Path missing = dir.resolve("nothing-here");
    String yaml = VALID.replace("source.password-env: SRC_PW", "source.password-file: " + missing);

    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.password-file: secret file '" + missing + "' does not exist");
  }

  @Test
  void aPasswordPastedIntoPasswordFileIsNotEchoed() {
    String yaml = VALID.replace("source.password-env: SRC_PW", "source.password-file: pa55w0rd");

    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.password-file: should name a file by its absolute path")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55w0rd"));
  }

  @Test
  void eachSecretIsNamedExactlyOnce(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "pw");
    String both =
        VALID.replace(
            "source.password-env: SRC_PW",
            "source.password-env: SRC_PW\nsource.password-file: " + file);
    String neither = VALID.replace("target.password-env: DST_PW\n", "");

    assertThatThrownBy(() -> loader.parse(both, "shop.yaml"))
        .hasMessageContaining(
            "source.password-env or source.password-file: give one of the two, not both");
    assertThatThrownBy(() -> loader.parse(neither, "shop.yaml"))
        .hasMessageContaining(
            "target.password-env or target.password-file: one is required but both are missing");
  }

  @Test
  void aFileForAnotherMachineIsCheckedWithoutReadingItsSecrets() {
    String yaml =
        VALID.replace(
            "source.password-env: SRC_PW",
            "source.password-file: /var/run/secrets/lockstep/source-password");

    PipelineConfig config = PipelineConfigLoader.readingSecretsElsewhere().parse(yaml, "shop.yaml");

    assertThat(config.name()).isEqualTo("shop");
    assertThatThrownBy(
            () ->
                PipelineConfigLoader.readingSecretsElsewhere()
                    .parse(yaml.replace("DST_PW", "not a name"), "shop.yaml"))
        .hasMessageContaining("target.password-env: should name an environment variable");
  }

  private static PipelineConfig javaRoundTrip(PipelineConfig config) throws Exception {
    return javaDeserialised(SecretsNeverShownTest.javaSerialised(config));
  }

  private static PipelineConfig javaDeserialised(byte[] bytes) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (PipelineConfig) in.readObject();
    }
  }
}
