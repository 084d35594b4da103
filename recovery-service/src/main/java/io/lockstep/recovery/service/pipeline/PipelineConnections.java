package io.lockstep.recovery.service.pipeline;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * JDBC connections to the pipeline's source and target, opened per use: the service reads catalogs
 * and sequences now and then, which does not need a pool.
 */
public class PipelineConnections {

  private final PipelineConfig config;

  public PipelineConnections(PipelineConfig config) {
    this.config = config;
  }

  public Connection source() throws SQLException {
    return DriverManager.getConnection(
        config.sourceJdbcUrl(),
        config.get(PipelineOptions.SOURCE_USER),
        config.secret(PipelineOptions.SOURCE_PASSWORD_ENV));
  }

  public Connection target() throws SQLException {
    return DriverManager.getConnection(
        config.targetJdbcUrl(),
        config.get(PipelineOptions.TARGET_USER),
        config.secret(PipelineOptions.TARGET_PASSWORD_ENV));
  }
}
