package io.lockstep.config;

/** Where a secret that a pipeline file names is kept: the file itself never holds one. */
public enum SecretSource {
  /** An environment variable of every process that uses the secret. */
  ENVIRONMENT_VARIABLE,
  /** A file, typically a mounted Kubernetes secret, read again each time a task connects. */
  FILE
}
