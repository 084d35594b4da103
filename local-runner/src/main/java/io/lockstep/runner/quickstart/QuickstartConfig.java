package io.lockstep.runner.quickstart;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.runner.embedded.EmbeddedStack;
import java.util.Map;

/**
 * The pipeline file of the quickstart, filled in with the addresses of the embedded stack. It goes
 * through the same loader and validation as a user's file.
 */
public final class QuickstartConfig {

  /** Embedded servers trust local connections; the password only satisfies the loader. */
  private static final Map<String, String> ENVIRONMENT =
      Map.of("QUICKSTART_SOURCE_PASSWORD", "unused", "QUICKSTART_TARGET_PASSWORD", "unused");

  private QuickstartConfig() {}

  public static PipelineConfig of(EmbeddedStack stack, String name, String extraYaml) {
    return of(stack, name, extraYaml, java.time.Duration.ofSeconds(2));
  }

  /** With another checkpoint interval: tests use a long one to act before the first checkpoint. */
  public static PipelineConfig of(
      EmbeddedStack stack, String name, String extraYaml, java.time.Duration checkpointInterval) {
    String yaml =
        """
        pipeline:
          name: %s
        source:
          type: %s
          host: %s
          port: %d
          database: %s
          user: %s
          password-env: QUICKSTART_SOURCE_PASSWORD
          tables: ["%s\\\\..*"]
          heartbeat-interval: 1s
        target:
          type: %s
          host: %s
          port: %d
          database: %s
          user: %s
          password-env: QUICKSTART_TARGET_PASSWORD
        kafka:
          bootstrap-servers: %s
          topic-prefix: lockstep
        apply:
          batch-size: 2000
          flush-interval: 100ms
        checkpoint:
          interval: %ds
        """
                .formatted(
                    name,
                    stack.source().engine().configName(),
                    stack.source().host(),
                    stack.source().port(),
                    stack.source().database(),
                    stack.source().user(),
                    DemoSchema.SCHEMA,
                    stack.target().engine().configName(),
                    stack.target().host(),
                    stack.target().port(),
                    stack.target().database(),
                    stack.target().user(),
                    stack.kafka().bootstrapServers(),
                    checkpointInterval.toSeconds())
            + extraYaml;
    return new PipelineConfigLoader(ENVIRONMENT::get).parse(yaml, "(quickstart pipeline)");
  }
}
