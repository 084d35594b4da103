package io.lockstep.config;

import io.lockstep.types.Engine;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A validated pipeline file: typed values for every option and the pass-through properties. Built
 * by {@link PipelineConfigLoader}; immutable. It travels inside Flink job graphs (HA storage, the
 * blob store), so it is {@link Serializable} and holds no secret: only the names of the variables
 * or files that hold them, which {@link #secret} reads where a secret is used. {@link #toString()}
 * masks anything that looks secret.
 */
public final class PipelineConfig implements Serializable {

  private static final long serialVersionUID = 2L;

  private final Map<String, Object> values;
  private final Map<String, String> passThrough;

  /**
   * The id of the {@link SecretRegistry} scope where an in-process environment's secrets were kept
   * at load time (embedded runners, tests), or null. An id, never a secret.
   */
  private final String secretScope;

  PipelineConfig(Map<String, Object> values, Map<String, String> passThrough, String secretScope) {
    this.values = Map.copyOf(values);
    this.passThrough = Map.copyOf(passThrough);
    this.secretScope = secretScope;
  }

  /** The option's value, or its default, or null when it has neither. */
  @SuppressWarnings("unchecked")
  public <T> T get(PipelineOption<T> option) {
    Object value = values.get(option.key());
    return value == null ? option.defaultValue() : (T) value;
  }

  public <T> Optional<T> getOptional(PipelineOption<T> option) {
    return Optional.ofNullable(get(option));
  }

  /**
   * The secret that {@code option} or its sibling names (either option of a {@link SecretOptions}:
   * {@code secret(SOURCE_PASSWORD_ENV)} is the source password even when the file gives {@code
   * source.password-file}), read now: from this JVM's {@link SecretRegistry} when an embedded
   * runner kept it there, else from the environment variable, else from the file. Call it where the
   * secret is used (a task's open), never to store the secret in something that is serialised.
   *
   * @throws MissingSecretException naming the option and the variable or file, when it cannot be
   *     read
   */
  public String secret(PipelineOption<String> option) {
    return secretReference(secretOptions(option)).resolve(System::getenv);
  }

  /** Where {@code secret} is, as this configuration names it. */
  SecretReference secretReference(SecretOptions secret) {
    for (PipelineOption<String> option : List.of(secret.environmentVariable(), secret.file())) {
      if (values.get(option.key()) instanceof String location) {
        return new SecretReference(option.key(), option.secretSource(), location, secretScope);
      }
    }
    throw new IllegalStateException("the " + secret.what() + " is not named: " + secret.keys());
  }

  private static SecretOptions secretOptions(PipelineOption<?> option) {
    return PipelineOptions.SECRETS.stream()
        .filter(s -> s.isNamedBy(option))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(option.key() + " does not name a secret"));
  }

  /** Pass-through properties under {@code prefix}, with the prefix removed. */
  public Map<String, String> passThrough(String prefix) {
    Map<String, String> result = new TreeMap<>();
    passThrough.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            result.put(k.substring(prefix.length()), v);
          }
        });
    return result;
  }

  public String name() {
    return get(PipelineOptions.PIPELINE_NAME);
  }

  public String slotName() {
    return getOptional(PipelineOptions.SOURCE_SLOT_NAME).orElse("lockstep_" + name());
  }

  public String publicationName() {
    return getOptional(PipelineOptions.SOURCE_PUBLICATION_NAME).orElse("lockstep_" + name());
  }

  public String applyConsumerGroup() {
    return getOptional(PipelineOptions.APPLY_CONSUMER_GROUP).orElse("lockstep-apply-" + name());
  }

  public String verifyConsumerGroup() {
    return getOptional(PipelineOptions.VERIFY_CONSUMER_GROUP).orElse("lockstep-verify-" + name());
  }

  public String topicPrefix() {
    return get(PipelineOptions.KAFKA_TOPIC_PREFIX);
  }

  public List<String> sourceTables() {
    return get(PipelineOptions.SOURCE_TABLES);
  }

  public Duration checkpointInterval() {
    return get(PipelineOptions.CHECKPOINT_INTERVAL);
  }

  /** The source engine ({@code source.type}). */
  public Engine sourceEngine() {
    return engine(get(PipelineOptions.SOURCE_TYPE));
  }

  /** The target engine ({@code target.type}). */
  public Engine targetEngine() {
    return engine(get(PipelineOptions.TARGET_TYPE));
  }

  /** MySQL is read and written as MariaDB is. */
  private static Engine engine(DatabaseType type) {
    return switch (type) {
      case POSTGRES -> Engine.POSTGRES;
      case MARIADB, MYSQL -> Engine.MARIADB;
    };
  }

  /** {@code source.port}, or the engine's usual port. */
  public int sourcePort() {
    return getOptional(PipelineOptions.SOURCE_PORT).orElse(sourceEngine().defaultPort());
  }

  /** {@code target.port}, or the engine's usual port. */
  public int targetPort() {
    return getOptional(PipelineOptions.TARGET_PORT).orElse(targetEngine().defaultPort());
  }

  /** A copy with one option changed, for runners that fill in what they start themselves. */
  public <T> PipelineConfig with(PipelineOption<T> option, T value) {
    Map<String, Object> copy = new TreeMap<>(values);
    copy.put(option.key(), value);
    return new PipelineConfig(copy, passThrough, secretScope);
  }

  /**
   * The effective options, as {@code lockstep run} prints them. Secret options show the variable or
   * file they name; pass-through values whose key or shape looks secret show {@value
   * SecretMasking#MASK} ({@link SecretMasking}).
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("pipeline configuration:");
    for (PipelineOption<?> option : PipelineOptions.ALL) {
      Object value = Choice.text(get(option));
      if (value != null) {
        Object shown = option.secret() ? value : SecretMasking.shown(option.key(), value);
        text.append("\n  ").append(option.key()).append(": ").append(shown);
      }
    }
    new TreeMap<>(passThrough)
        .forEach(
            (k, v) -> text.append("\n  ").append(k).append(": ").append(SecretMasking.shown(k, v)));
    return text.toString();
  }
}
