package io.lockstep.recovery.service.pipeline;

import io.lockstep.config.PipelineConfig;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import java.sql.Connection;
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
    return DataSources.connect(Endpoint.source(config));
  }

  public Connection target() throws SQLException {
    return DataSources.connect(Endpoint.target(config));
  }
}
