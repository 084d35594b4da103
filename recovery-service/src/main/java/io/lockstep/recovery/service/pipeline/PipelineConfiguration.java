package io.lockstep.recovery.service.pipeline;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.config.ProblemsException;
import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.config.StartupProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pipeline this service recovers, and what it knows about the pipeline's tables. */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineConfiguration.class);

  @Bean
  PipelineConfig pipelineConfig(
      RecoveryProperties properties, ObjectProvider<SuppliedPipeline> supplied) {
    SuppliedPipeline given = supplied.getIfAvailable();
    if (given != null) {
      return given.config();
    }
    if (properties.pipelineConfig() == null) {
      throw new StartupProblem(
          "lockstep.pipeline-config is not set: the service needs the pipeline file it recovers.",
          "Set --lockstep.pipeline-config=/path/to/pipeline.yaml (or the environment variable"
              + " LOCKSTEP_PIPELINE_CONFIG).",
          null);
    }
    try {
      // Secrets are resolved from the environment by the loader, as for every Lockstep job.
      PipelineConfig config =
          PipelineConfigLoader.fromSystemEnvironment().load(properties.pipelineConfig());
      LOG.info("Recovering pipeline '{}' from {}", config.name(), properties.pipelineConfig());
      return config;
    } catch (ProblemsException e) {
      throw new StartupProblem(
          "lockstep.pipeline-config names a pipeline file that cannot be used. " + e.getMessage(),
          "Fix the file (docs/configuration.md), or point lockstep.pipeline-config at another.",
          e);
    }
  }

  @Bean
  SourceCatalogTables knownTables(PipelineConfig config, PipelineConnections connections) {
    return new SourceCatalogTables(config, connections);
  }

  @Bean
  PipelineConnections pipelineConnections(PipelineConfig config) {
    return new PipelineConnections(config);
  }
}
