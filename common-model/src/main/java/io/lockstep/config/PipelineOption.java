package io.lockstep.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One typed option of a pipeline file: its dotted key, type, default and description, and the rules
 * a value must follow. Options are declared in one place, {@link PipelineOptions}.
 */
public final class PipelineOption<T> implements Serializable {

  /** A rule a value must follow, described in words for error messages. */
  record Rule<T>(String description, SerializablePredicate<T> test) implements Serializable {}

  /** A {@link Predicate} that can travel with the option inside a Flink job graph. */
  @FunctionalInterface
  interface SerializablePredicate<T> extends Predicate<T>, Serializable {}

  private final String key;
  private final OptionType<T> type;
  private final T defaultValue;
  private final boolean required;
  private final SecretSource secretSource;
  private final String description;
  private final List<Rule<T>> rules;

  private PipelineOption(Builder<T> b) {
    this.key = b.key;
    this.type = b.type;
    this.defaultValue = b.defaultValue;
    this.required = b.required;
    this.secretSource = b.secretSource;
    this.description = Objects.requireNonNull(b.description, "description of " + b.key);
    this.rules = List.copyOf(b.rules);
  }

  public static <T> Builder<T> key(String key, OptionType<T> type) {
    return new Builder<>(key, type);
  }

  public String key() {
    return key;
  }

  public OptionType<T> type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public boolean required() {
    return required;
  }

  /**
   * Whether the option says where a secret is (an environment variable or a file). Its value is
   * that name, never the secret: the secret is read where it is used ({@link
   * PipelineConfig#secret}), and a value the option refuses is never echoed, in case someone pasted
   * the secret itself.
   */
  public boolean secret() {
    return secretSource != null;
  }

  /** Where the secret this option names is kept; null for an option that names no secret. */
  public SecretSource secretSource() {
    return secretSource;
  }

  public String description() {
    return description;
  }

  List<Rule<T>> rules() {
    return rules;
  }

  @Override
  public String toString() {
    return key;
  }

  /** Builds a {@link PipelineOption}. */
  public static final class Builder<T> {
    private final String key;
    private final OptionType<T> type;
    private T defaultValue;
    private boolean required;
    private SecretSource secretSource;
    private String description;
    private final List<Rule<T>> rules = new ArrayList<>();

    private Builder(String key, OptionType<T> type) {
      this.key = key;
      this.type = type;
    }

    public Builder<T> defaultValue(T value) {
      this.defaultValue = value;
      return this;
    }

    public Builder<T> required() {
      this.required = true;
      return this;
    }

    /** The value is the name of an environment variable that holds a secret. */
    public Builder<T> secretFromEnvironment() {
      this.secretSource = SecretSource.ENVIRONMENT_VARIABLE;
      return this;
    }

    /** The value is the absolute path of a file that holds a secret (a mounted secret). */
    public Builder<T> secretFromFile() {
      this.secretSource = SecretSource.FILE;
      return this;
    }

    public Builder<T> rule(String description, SerializablePredicate<T> test) {
      rules.add(new Rule<>(description, test));
      return this;
    }

    public PipelineOption<T> description(String description) {
      this.description = description;
      return new PipelineOption<>(this);
    }
  }
}
