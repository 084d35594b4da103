package io.lockstep.config;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets that an in-process stand-in for the environment gave the loader (the quickstart's,
 * tests'), kept in this JVM for the jobs it runs in its own Flink MiniCluster.
 *
 * <p>A {@link PipelineConfig} carries only the id of its scope here. The map is static and no
 * serialised object refers to it, so these secrets never reach a job graph, a checkpoint or Flink's
 * blob store; a task in another JVM finds nothing under the id and reads the real environment
 * variable or file instead. Scopes are never removed: each holds a password or two of a loaded
 * configuration, and only embedded runners and tests create them.
 */
final class SecretRegistry {

  private static final Map<String, Map<String, String>> SCOPES = new ConcurrentHashMap<>();

  private SecretRegistry() {}

  /**
   * Keeps {@code secretsByKey} (option key to secret) under a new scope; its id, or null if none.
   */
  static String keep(Map<String, String> secretsByKey) {
    if (secretsByKey.isEmpty()) {
      return null;
    }
    String scope = UUID.randomUUID().toString();
    SCOPES.put(scope, Map.copyOf(secretsByKey));
    return scope;
  }

  /** The secret kept for option {@code key} under {@code scope}, or null. */
  static String find(String scope, String key) {
    Map<String, String> secrets = scope == null ? null : SCOPES.get(scope);
    return secrets == null ? null : secrets.get(key);
  }
}
