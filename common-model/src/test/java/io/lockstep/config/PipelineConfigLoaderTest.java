package io.lockstep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigLoaderTest {

  private static final Map<String, String> ENV =
      Map.of("SRC_PW", "source-secret-value", "DST_PW", "target-secret-value");

  private static final String VALID =
      """
      pipeline:
        name: shop
      source:
        host: db1
        database: shop
        user: replicator
        password-env: SRC_PW
        tables: [public.orders, "public\\\\.line_.*"]
      target:
        host: db2
        database: shop
        user: writer
        password-env: DST_PW
      kafka:
        bootstrap-servers: kafka:9092
      """;

  private final PipelineConfigLoader loader = new PipelineConfigLoader(ENV::get);

  @Test
  void validFileGetsDefaultsAndSecretsFromTheEnvironment() {
    PipelineConfig config = loader.parse(VALID, "shop.yaml");

    assertThat(config.name()).isEqualTo("shop");
    assertThat(config.sourcePort()).isEqualTo(5432);
    assertThat(config.get(PipelineOptions.APPLY_BATCH_SIZE)).isEqualTo(2000);
    assertThat(config.get(PipelineOptions.APPLY_FLUSH_INTERVAL)).isEqualTo(Duration.ofMillis(200));
    assertThat(config.sourceTables()).containsExactly("public.orders", "public\\.line_.*");
    assertThat(config.slotName()).isEqualTo("lockstep_shop");
    assertThat(config.secret(PipelineOptions.SOURCE_PASSWORD_ENV)).isEqualTo("source-secret-value");
  }

  @Test
  void toStringNeverShowsASecret() {
    String text = loader.parse(VALID, "shop.yaml").toString();
    assertThat(text).contains("source.password-env: SRC_PW").doesNotContain("secret-value");
  }

  @Test
  void unknownKeyIsNamedWithTheKeyItProbablyMeant() {
    String yaml = VALID + "apply:\n  batch_size: 10\n";
    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("shop.yaml")
        .hasMessageContaining("apply.batch_size: unknown key. Did you mean 'apply.batch-size'?");
  }

  @Test
  void wrongTypeNamesKeyExpectedTypeAndValue() {
    String yaml = VALID + "apply:\n  batch-size: many\n  flush-interval: soon\n";
    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("apply.batch-size: expected an integer, but was 'many'")
        .hasMessageContaining(
            "apply.flush-interval: expected a duration such as 500ms, 10s, 2m or 1h, but was"
                + " 'soon'")
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2));
  }

  @Test
  void choiceOptionsReadTheirWordsInAnyCaseAsTheirConstants() {
    String yaml =
        VALID.replace("  host: db2\n", "  host: db2\n  type: MySQL\n")
            + "state:\n  backend: rocksdb\napply:\n  missing-tables: create\n";
    PipelineConfig config = loader.parse(yaml, "shop.yaml");
    assertThat(config.get(PipelineOptions.TARGET_TYPE)).isEqualTo(DatabaseType.MYSQL);
    assertThat(config.targetPort()).isEqualTo(3306);
    assertThat(config.get(PipelineOptions.STATE_BACKEND)).isEqualTo(StateBackendType.ROCKSDB);
    assertThat(config.get(PipelineOptions.APPLY_MISSING_TABLES)).isEqualTo(MissingTables.CREATE);
    assertThat(config.get(PipelineOptions.SOURCE_SNAPSHOT_MODE)).isEqualTo(SnapshotMode.INITIAL);
    assertThat(config.toString()).contains("target.type: mysql", "state.backend: rocksdb");
  }

  @Test
  void aWordNotAmongTheChoicesNamesKeyValueAndTheChoices() {
    String backend = VALID + "state:\n  backend: leveldb\n";
    assertThatThrownBy(() -> loader.parse(backend, "shop.yaml"))
        .hasMessageContaining("state.backend: expected one of hashmap, rocksdb, but was 'leveldb'");
  }

  @Test
  void ruleViolationNamesKeyRuleAndValue() {
    String yaml = VALID + "apply:\n  batch-size: 0\n";
    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .hasMessageContaining("apply.batch-size: must be between 1 and 100000, but was 0");
  }

  @Test
  void missingPasswordVariableSaysWhichVariableToExport() {
    PipelineConfigLoader withoutTargetPassword =
        new PipelineConfigLoader(Map.of("SRC_PW", "x")::get);
    assertThatThrownBy(() -> withoutTargetPassword.parse(VALID, "shop.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "target.password-env: environment variable 'DST_PW' is not set. Export it before"
                + " starting Lockstep (export DST_PW=...).");
  }

  @Test
  void missingRequiredKeyIsReported() {
    String yaml = VALID.replace("  host: db1\n", "");
    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .hasMessageContaining("source.host: is required but missing.");
  }

  @Test
  void passThroughKeysAreKeptForDebeziumAndKafka() {
    String yaml =
        VALID
            .replace(
                "  password-env: SRC_PW\n",
                "  password-env: SRC_PW\n  debezium:\n    max.batch.size: 4096\n")
            .replace("kafka:\n", "kafka:\n  properties:\n    security.protocol: SASL_SSL\n");
    PipelineConfig config = loader.parse(yaml, "shop.yaml");
    assertThat(config.passThrough("source.debezium.")).containsEntry("max.batch.size", "4096");
    assertThat(config.passThrough("kafka.properties."))
        .containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void invalidYamlAndMissingFileAreClearErrors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> loader.parse("pipeline: [unclosed", "bad.yaml"))
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("is not valid YAML");
    assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml")))
        .hasMessageContaining("file not found");
    Path file = dir.resolve("ok.yaml");
    Files.writeString(file, VALID);
    assertThat(loader.load(file).name()).isEqualTo("shop");
  }

  @Test
  void aTablePatternThatIsNotARegularExpressionIsNamed() {
    String yaml = VALID.replace("source:\n", "source:\n  exclude-tables: [\"shop\\\\.(orders\"]\n");
    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .hasMessageContaining("source.exclude-tables: must be regular expressions");
  }

  @Test
  void theDefaultPortFollowsTheEngine() {
    String yaml = VALID.replace("source:\n", "source:\n  type: mariadb\n");
    assertThat(loader.parse(yaml, "shop.yaml").sourcePort()).isEqualTo(3306);
  }
}
