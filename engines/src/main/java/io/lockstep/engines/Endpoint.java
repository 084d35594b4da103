package io.lockstep.engines;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.engine.DatabaseEngine;
import io.lockstep.types.Engine;

/**
 * A database to connect to and as whom: the source or the target of a pipeline, or a server a
 * runner started itself. {@link #toString()} leaves the password out.
 */
public record Endpoint(
    Engine engine, String host, int port, String database, String user, String password) {

  /** The pipeline's source, with the password read from where {@code config} says. */
  public static Endpoint source(PipelineConfig config) {
    return new Endpoint(
        config.sourceEngine(),
        config.get(PipelineOptions.SOURCE_HOST),
        config.sourcePort(),
        config.get(PipelineOptions.SOURCE_DATABASE),
        config.get(PipelineOptions.SOURCE_USER),
        config.secret(PipelineOptions.SOURCE_PASSWORD_ENV));
  }

  /** The pipeline's target, with the password read from where {@code config} says. */
  public static Endpoint target(PipelineConfig config) {
    return new Endpoint(
        config.targetEngine(),
        config.get(PipelineOptions.TARGET_HOST),
        config.targetPort(),
        config.get(PipelineOptions.TARGET_DATABASE),
        config.get(PipelineOptions.TARGET_USER),
        config.secret(PipelineOptions.TARGET_PASSWORD_ENV));
  }

  /** The pipeline's source or target. */
  public static Endpoint of(PipelineConfig config, boolean source) {
    return source ? source(config) : target(config);
  }

  /** The engine's behaviour ({@link Engines#of}). */
  public DatabaseEngine databaseEngine() {
    return Engines.of(engine);
  }

  /** The JDBC URL, as the engine builds it. */
  public String jdbcUrl() {
    return databaseEngine().jdbcUrl(host, port, database);
  }

  @Override
  public String toString() {
    return engine.configName() + "://" + user + "@" + host + ":" + port + "/" + database;
  }
}
