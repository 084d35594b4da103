package io.lockstep.recovery.service.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.config.StartupProblem;
import io.lockstep.recovery.service.support.TestPipelines;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code lockstep.reconcile.schedules} as properties bind it and the start checks it. */
class ReconcileScheduleStartupTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(RecoveryProperties.class)
  static class Settings {
    @Bean
    PipelineConfig pipelineConfig() {
      return TestPipelines.postgres(5432, "shop", "localhost:9092");
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Settings.class, ReconcileScheduleConfiguration.class);

  @Test
  void entriesBindWithTheirDefaults() {
    runner
        .withPropertyValues(
            "lockstep.reconcile.schedules[0].table=shop.customers",
            "lockstep.reconcile.schedules[0].cron=0 0 3 * * *",
            "lockstep.reconcile.schedules[1].table=shop.order_lines",
            "lockstep.reconcile.schedules[1].cron=0 30 1 * * SUN",
            "lockstep.reconcile.schedules[1].zone=Europe/Berlin",
            "lockstep.reconcile.schedules[1].mode=REPAIR")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ReconcileSchedules schedules = context.getBean(ReconcileSchedules.class);
              assertThat(schedules.all())
                  .extracting(
                      ReconcileSchedule::table, ReconcileSchedule::zone, ReconcileSchedule::mode)
                  .containsExactly(
                      tuple("shop.customers", ZoneId.of("UTC"), ReconcileMode.DRY_RUN),
                      tuple("shop.order_lines", ZoneId.of("Europe/Berlin"), ReconcileMode.REPAIR));
              assertThat(context.getBean(RecoveryProperties.class).reconcile().workers())
                  .isEqualTo(1);
            });
  }

  @Test
  void noSchedulesByDefault() {
    runner.run(
        context ->
            assertThat(context.getBean(ReconcileSchedules.class).isEmpty())
                .as("nothing configured")
                .isTrue());
  }

  @Test
  void aMalformedCronStopsTheStartNamingTheProperty() {
    runner
        .withPropertyValues(
            "lockstep.reconcile.schedules[0].table=shop.customers",
            "lockstep.reconcile.schedules[0].cron=0 0 3 * * *",
            "lockstep.reconcile.schedules[1].table=shop.customers",
            "lockstep.reconcile.schedules[1].cron=0 0 4 * * *",
            "lockstep.reconcile.schedules[2].table=shop.customers",
            "lockstep.reconcile.schedules[2].cron=every night")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(StartupProblem.class)
                    .hasMessageContaining("lockstep.reconcile.schedules[2].cron 'every night'")
                    .hasMessageContaining("set it to six fields"));
  }
}
