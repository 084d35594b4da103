package io.lockstep.recovery.service.support;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;

/** Pipeline configurations for tests, with every password "postgres". */
public final class TestPipelines {

  private TestPipelines() {}

  /** A PostgreSQL-to-PostgreSQL pipeline named {@code shop}, source and target on one server. */
  public static PipelineConfig postgres(int port, String database, String kafka) {
    String yaml =
        """
        pipeline:
          name: shop
        source:
          type: postgres
          host: localhost
          port: %d
          database: %s
          user: postgres
          password-env: TEST_PASSWORD
          tables:
            - "shop\\\\..*"
        target:
          type: postgres
          host: localhost
          port: %d
          database: %s
          user: postgres
          password-env: TEST_PASSWORD
          schema: replica
        kafka:
          bootstrap-servers: %s
          topic-prefix: lockstep
        """
            .formatted(port, database, port, database, kafka);
    return new PipelineConfigLoader(name -> "postgres").parse(yaml, "test pipeline");
  }
}
