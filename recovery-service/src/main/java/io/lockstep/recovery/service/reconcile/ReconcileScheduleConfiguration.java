package io.lockstep.recovery.service.reconcile;

import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.service.config.RecoveryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Checks {@code lockstep.reconcile.schedules} at start (before the store is connected, see {@code
 * config.SettingsBeforeStore}) and looks for due schedules every {@code
 * lockstep.reconcile.poll-interval}.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileScheduleConfiguration implements SchedulingConfigurer {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileScheduleConfiguration.class);

  private final RecoveryProperties properties;
  private final ObjectProvider<ReconcileScheduler> scheduler;

  ReconcileScheduleConfiguration(
      RecoveryProperties properties, ObjectProvider<ReconcileScheduler> scheduler) {
    this.properties = properties;
    this.scheduler = scheduler;
  }

  @Bean
  ReconcileSchedules reconcileSchedules(PipelineConfig config) {
    ReconcileSchedules schedules = ReconcileSchedules.of(properties.reconcile(), config);
    schedules.all().forEach(s -> LOG.info("Scheduled reconciliation: {}", s));
    return schedules;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    if (properties.reconcile().schedules().isEmpty()) {
      return;
    }
    ReconcileScheduler due = scheduler.getObject();
    registrar.addFixedDelayTask(
        () -> {
          try {
            due.fireDue();
          } catch (RuntimeException e) {
            LOG.warn("Looking for due reconciliation schedules failed: {}", e.toString());
          }
        },
        properties.reconcile().pollInterval());
  }
}
