package io.lockstep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets are absent from what Lockstep prints, from its errors and from the job graph. */
class SecretsNeverShownTest {

  private static final String SOURCE_PASSWORD = "src-Pa55word-in-env";
  private static final String TARGET_PASSWORD = "tgt-Pa55word-in-env";
  private static final String KAFKA_PASSWORD = "kafka-Pa55word-inline";

  private static final String VALID = MinimalPipeline.YAML;

  private final PipelineConfigLoader loader =
      new PipelineConfigLoader(Map.of("SRC_PW", SOURCE_PASSWORD, "DST_PW", TARGET_PASSWORD)::get);

  @Test
  void thePrintedConfigurationMasksSecretLookingPassThroughKeys() {
    String yaml =
        VALID
            + """
            kafka.properties.security.protocol: SASL_SSL
            kafka.properties.sasl.mechanism: SCRAM-SHA-512
            kafka.properties.ssl.truststore.password: truststore-secret
            kafka.properties.ssl.keystore.location: /etc/kafka/keystore.p12
            kafka.properties.ssl.key.password: key-secret
            kafka.properties.Basic.Auth.User.Info: user:basic-secret
            kafka.properties.sasl.oauthbearer.client.credentials.client.secret: oauth-secret
            kafka.properties.some.access.TOKEN: token-secret
            source.debezium.database.ssl.keystore.password: debezium-secret
            """
            + "kafka.properties.sasl.jaas.config: 'org.apache.kafka.common.security.scram"
            + ".ScramLoginModule required username=\"shop\" password=\""
            + KAFKA_PASSWORD
            + "\";'\n";

    String printed = loader.parse(yaml, "shop.yaml").toString();

    assertThat(printed)
        .contains("kafka.properties.security.protocol: SASL_SSL")
        .contains("kafka.properties.sasl.mechanism: SCRAM-SHA-512")
        .contains("kafka.properties.sasl.jaas.config: ****")
        .contains("kafka.properties.ssl.truststore.password: ****")
        .contains("kafka.properties.ssl.keystore.location: ****")
        .contains("kafka.properties.ssl.key.password: ****")
        .contains("source.debezium.database.ssl.keystore.password: ****")
        .doesNotContain(KAFKA_PASSWORD)
        .doesNotContain("truststore-secret")
        .doesNotContain("key-secret")
        .doesNotContain("basic-secret")
        .doesNotContain("oauth-secret")
        .doesNotContain("token-secret")
        .doesNotContain("debezium-secret");
  }

  @Test
  void aJaasConfigIsMaskedUnderAnyKey() {
    String yaml =
        VALID
            + "kafka.properties.listener.name.client.scram-sha-512.login: "
            + "'org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"u\" password=\""
            + KAFKA_PASSWORD
            + "\";'\n";

    String printed = loader.parse(yaml, "shop.yaml").toString();

    assertThat(printed)
        .contains("kafka.properties.listener.name.client.scram-sha-512.login: ****")
        .doesNotContain(KAFKA_PASSWORD);
  }

  @Test
  void aPasswordInAUrlIsMasked() {
    String yaml = VALID + "checkpoint.directory: s3://backup:s3-Pa55word@bucket/checkpoints\n";

    String printed = loader.parse(yaml, "shop.yaml").toString();

    assertThat(printed)
        .contains("checkpoint.directory: s3://backup:****@bucket/checkpoints")
        .doesNotContain("s3-Pa55word");
  }

  @Test
  void aPasswordPastedIntoPasswordEnvIsNotEchoed() {
    String pasted = "hunter2!Pa55 word";
    String yaml = VALID.replace("source.password-env: SRC_PW", "source.password-env: " + pasted);

    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.password-env: should name an environment variable")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void aPasswordPastedIntoTargetPasswordEnvIsNotEchoedEvenAsAList() {
    String yaml =
        VALID.replace("target.password-env: DST_PW", "target.password-env: [s3cr3t-list-value]");

    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("target.password-env:")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t-list-value"));
  }

  @Test
  void aVariableNameThatLooksLikeAPasswordIsNotEchoedWhenUnset() {
    String yaml = VALID.replace("source.password-env: SRC_PW", "source.password-env: Tr0ub4dor");

    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.password-env:")
        .hasMessageContaining("is not set")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Tr0ub4dor"));
  }

  @Test
  void aYamlErrorKeepsItsPositionButNotTheLineItQuotes() {
    // The closing quote is missing: the parser quotes the line with the password.
    String yaml =
        VALID
            + "kafka.properties.sasl.jaas.config: \"ScramLoginModule required password="
            + KAFKA_PASSWORD
            + ";\n";

    assertThatThrownBy(() -> loader.parse(yaml, "shop.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not valid YAML")
        .hasMessageContaining("at line 12, column")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KAFKA_PASSWORD));
  }

  @Test
  void theSerialisedConfigurationHoldsNoPassword() throws Exception {
    PipelineConfig config = loader.parse(VALID, "shop.yaml");

    byte[] serialised = javaSerialised(config);

    assertThat(new String(serialised, StandardCharsets.ISO_8859_1))
        .contains("SRC_PW")
        .doesNotContain(SOURCE_PASSWORD)
        .doesNotContain(TARGET_PASSWORD);
    assertThat(contains(serialised, SOURCE_PASSWORD.getBytes(StandardCharsets.UTF_16BE))).isFalse();
  }

  /** Java serialisation, as Flink's InstantiationUtil writes operators into the job graph. */
  static byte[] javaSerialised(Object object) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
