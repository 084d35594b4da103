package io.lockstep.recovery.service;

import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.service.pipeline.SuppliedPipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service started from code, for hosts that run it in their own JVM (the local runner, next to
 * Flink and Kafka): {@code RecoveryService.start(pipeline, Map.of("server.port", 0, ...))}. The
 * host keeps its log4j2 configuration: Spring Boot does not reconfigure logging here.
 */
public final class RecoveryService implements AutoCloseable {

  private final ConfigurableApplicationContext context;

  private RecoveryService(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /**
   * Starts the service with {@code properties} (as in application.properties: {@code
   * spring.datasource.url}, {@code lockstep.pipeline-config}, {@code server.port} 0 for a free
   * port, ...).
   */
  public static RecoveryService start(Map<String, Object> properties) {
    return start(null, properties);
  }

  /**
   * Starts the service for a pipeline configuration the host has loaded already (and resolved, e.g.
   * its embedded Kafka's address); {@code lockstep.pipeline-config} is then not needed.
   */
  public static RecoveryService start(PipelineConfig pipeline, Map<String, Object> properties) {
    return start(pipeline, properties, List.of());
  }

  /**
   * As {@link #start(PipelineConfig, Map)}, with beans the host supplies, such as its {@code
   * RowResync} and {@code ReconcileRunner} (the service's ports to recovery-core).
   */
  public static RecoveryService start(
      PipelineConfig pipeline, Map<String, Object> properties, List<?> beans) {
    // Spring Boot would otherwise reinitialise log4j2 and replace the host's configuration.
    if (System.getProperty(LoggingSystem.SYSTEM_PROPERTY) == null) {
      System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    }
    Map<String, Object> all = new LinkedHashMap<>(properties);
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder(RecoveryServiceApplication.class)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .registerShutdownHook(false)
            .properties(all);
    builder.initializers(
        context -> {
          if (pipeline != null) {
            context
                .getBeanFactory()
                .registerSingleton("suppliedPipeline", new SuppliedPipeline(pipeline));
          }
          for (Object bean : beans) {
            context
                .getBeanFactory()
                .registerSingleton("supplied-" + bean.getClass().getName(), bean);
          }
        });
    return new RecoveryService(builder.run());
  }

  /** The HTTP port the service listens on (the one chosen when {@code server.port} was 0). */
  public int port() {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** The base address of the API, e.g. {@code http://localhost:8090/api/v1}. */
  public String apiAddress() {
    return "http://localhost:" + port() + "/api/v1";
  }

  /** The Spring context, for hosts and tests that need one of its beans. */
  public ConfigurableApplicationContext context() {
    return context;
  }

  @Override
  public void close() {
    context.close();
  }
}
