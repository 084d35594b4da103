package io.lockstep.recovery.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class RecoveryPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(RecoveryProperties.class)
  static class Properties {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Properties.class);

  @Test
  void defaults() {
    runner.run(
        context -> {
          RecoveryProperties properties = context.getBean(RecoveryProperties.class);
          assertThat(properties.retry().delay()).isEqualTo(Duration.ofMinutes(5));
          assertThat(properties.retry().maxAttempts()).isEqualTo(5);
          assertThat(properties.retry().backoffMultiplier()).isEqualTo(2.0);
          assertThat(properties.cutover().sequenceBuffer()).isEqualTo(1000);
          assertThat(properties.ingest().enabled()).isTrue();
        });
  }

  @Test
  void aBadValueFailsStartUpNamingThePropertyAndTheFix() {
    runner
        .withPropertyValues("lockstep.retry.max-attempts=0")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("lockstep.retry.max-attempts")
                    .hasMessageContaining("set lockstep.retry.max-attempts to 1 or more"));
  }

  @Test
  void aZeroDelayIsRefused() {
    runner
        .withPropertyValues("lockstep.retry.delay=0s")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("lockstep.retry.delay")
                    .hasMessageContaining("must be positive"));
  }

  @Test
  void aFlinkAddressMustBeHttp() {
    runner
        .withPropertyValues("lockstep.flink.rest-url=flink-jobmanager:8081")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("lockstep.flink.rest-url"));
  }
}
