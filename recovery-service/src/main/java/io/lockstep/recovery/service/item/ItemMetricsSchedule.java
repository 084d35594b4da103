package io.lockstep.recovery.service.item;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Refreshes the item gauges every 15 seconds. */
@Configuration(proxyBeanMethods = false)
class ItemMetricsSchedule implements SchedulingConfigurer {

  private final ItemMetrics metrics;

  ItemMetricsSchedule(ItemMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(metrics::refresh, Duration.ofSeconds(15));
  }
}
