package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.apply.ApplyJob;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.runtime.JobEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * The job graphs Flink stores (HA storage, the blob store) hold the names of the variables that
 * hold the passwords, never the passwords: tasks read them when they open.
 */
class JobGraphSecretsTest {

  private static final String SOURCE_PASSWORD = "source-Pa55-in-the-environment";
  private static final String TARGET_PASSWORD = "target-Pa55-in-the-environment";

  private static final String YAML =
      """
      pipeline.name: orders
      source.type: postgres
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
      """;

  private final PipelineConfig config =
      new PipelineConfigLoader(
              Map.of("SOURCE_PW", SOURCE_PASSWORD, "TARGET_PW", TARGET_PASSWORD)::get)
          .parse(YAML, "orders.yaml");

  @Test
  void theCaptureJobGraphHoldsNoPassword() throws Exception {
    assertNoPassword(jobGraphBytes(CaptureJob::build));
  }

  @Test
  void theApplyJobGraphHoldsNoPassword() throws Exception {
    assertNoPassword(jobGraphBytes(ApplyJob::build));
  }

  private byte[] jobGraphBytes(BiConsumer<StreamExecutionEnvironment, PipelineConfig> build)
      throws Exception {
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    build.accept(env, config);
    // As Flink writes it for a submission: operators are Java-serialised into the graph.
    return InstantiationUtil.serializeObject(env.getStreamGraph().getJobGraph());
  }

  private static void assertNoPassword(byte[] jobGraph) {
    String text = new String(jobGraph, StandardCharsets.ISO_8859_1);
    assertThat(text).as("the variable's name is there").contains("SOURCE_PW");
    assertThat(text).doesNotContain(SOURCE_PASSWORD).doesNotContain(TARGET_PASSWORD);
  }
}
