package io.lockstep.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where one secret of a pipeline is (the option that names it, and the variable or file), and how
 * it is read where it is used: from this JVM's {@link SecretRegistry} when an embedded runner put
 * it there, else from the environment variable or the file. Nothing here is a secret.
 */
final class SecretReference {

  /** How environment variables are conventionally named; a name that is not may be a password. */
  private static final Pattern CONVENTIONAL_VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*");

  private static final Pattern TRAILING_LINE_BREAKS = Pattern.compile("[\\r\\n]+$");

  private final String key;
  private final SecretSource source;
  private final String location;
  private final String registryScope;

  /**
   * @param key the option that names the secret, e.g. {@code source.password-env}
   * @param location the variable's name or the file's path, as the option gives it
   * @param registryScope the {@link SecretRegistry} scope of the loaded configuration, or null
   */
  SecretReference(String key, SecretSource source, String location, String registryScope) {
    this.key = key;
    this.source = source;
    this.location = location;
    this.registryScope = registryScope;
  }

  String key() {
    return key;
  }

  SecretSource source() {
    return source;
  }

  /** The secret, read now; {@code environment} stands for the process environment. */
  String resolve(Function<String, String> environment) {
    String kept = SecretRegistry.find(registryScope, key);
    if (kept != null) {
      return kept;
    }
    return switch (source) {
      case ENVIRONMENT_VARIABLE -> fromEnvironment(environment);
      case FILE -> fromFile();
    };
  }

  private String fromEnvironment(Function<String, String> environment) {
    String value = environment.apply(location);
    if (value != null) {
      return value;
    }
    if (CONVENTIONAL_VARIABLE.matcher(location).matches()) {
      throw new MissingSecretException(
          key
              + ": environment variable '"
              + location
              + "' is not set. Export it before starting Lockstep (export "
              + location
              + "=...). On a cluster, export it to the JobManager and to every TaskManager.");
    }
    throw new MissingSecretException(
        key
            + ": the environment variable it names is not set. The name is not shown: it is not"
            + " in upper case and may be a password pasted in by mistake. Check "
            + key
            + ", then export the variable before starting Lockstep.");
  }

  /** The file's content without the line breaks at its end, which editors and echo add. */
  private String fromFile() {
    try {
      return TRAILING_LINE_BREAKS.matcher(Files.readString(Path.of(location))).replaceFirst("");
    } catch (NoSuchFileException e) {
      throw new MissingSecretException(
          key
              + ": secret file '"
              + location
              + "' does not exist. Mount it (on Kubernetes, a secret volume) where every process"
              + " of the pipeline runs, or correct "
              + key
              + ".");
    } catch (AccessDeniedException e) {
      throw new MissingSecretException(
          key + ": secret file '" + location + "' cannot be read by this process's user.");
    } catch (IOException e) {
      // The exception's own message is left out: some name the content they failed to decode.
      throw new MissingSecretException(
          key
              + ": secret file '"
              + location
              + "' cannot be read ("
              + e.getClass().getSimpleName()
              + "); it must be a readable UTF-8 text file.");
    }
  }

  @Override
  public String toString() {
    return key + " (" + source + ")";
  }
}
