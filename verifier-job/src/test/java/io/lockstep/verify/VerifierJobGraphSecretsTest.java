package io.lockstep.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.runtime.JobEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** The verifier's job graph names the password variables; its tasks read them when they open. */
class VerifierJobGraphSecretsTest {

  private static final String SOURCE_PASSWORD = "source-Pa55-for-rechecks";
  private static final String TARGET_PASSWORD = "target-Pa55-for-lookups";

  @Test
  void theVerifierJobGraphHoldsNoPassword() throws Exception {
    PipelineConfig config =
        new PipelineConfigLoader(
                Map.of("SOURCE_PW", SOURCE_PASSWORD, "TARGET_PW", TARGET_PASSWORD)::get)
            .parse(
                """
                pipeline.name: orders
                source.host: db.example
                source.database: shop
                source.user: capture
                source.password-env: SOURCE_PW
                source.tables: ['shop\\.orders']
                target.host: target.example
                target.database: shop
                target.user: apply
                target.password-env: TARGET_PW
                kafka.bootstrap-servers: kafka:9092
                """,
                "orders.yaml");
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    VerifierJob.build(env, config);

    byte[] jobGraph = InstantiationUtil.serializeObject(env.getStreamGraph().getJobGraph());

    assertThat(new String(jobGraph, StandardCharsets.ISO_8859_1))
        .contains("TARGET_PW")
        .doesNotContain(SOURCE_PASSWORD)
        .doesNotContain(TARGET_PASSWORD);
  }
}
