package io.lockstep.config;

/**
 * A secret that cannot be read where it is needed. The message names the option and the variable or
 * file it points to, never a value.
 */
public final class MissingSecretException extends IllegalStateException {

  MissingSecretException(String message) {
    super(message);
  }
}
