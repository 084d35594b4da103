package io.lockstep.recovery.service.config;

import io.lockstep.recovery.service.item.ItemMetrics;
import io.lockstep.recovery.service.retry.RetryScheduler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The periodic tasks, at the intervals the properties give. */
@Configuration(proxyBeanMethods = false)
class SchedulingSetup implements SchedulingConfigurer {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulingSetup.class);

  private final RecoveryProperties properties;
  private final RetryScheduler retry;
  private final ItemMetrics metrics;

  SchedulingSetup(RecoveryProperties properties, RetryScheduler retry, ItemMetrics metrics) {
    this.properties = properties;
    this.retry = retry;
    this.metrics = metrics;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    if (properties.retry().enabled()) {
      registrar.addFixedDelayTask(
          () -> {
            try {
              retry.runOnce();
            } catch (RuntimeException e) {
              LOG.warn("A retry pass failed: {}", e.toString());
            }
          },
          properties.retry().pollInterval());
    } else {
      LOG.info("Automatic retries are off (lockstep.retry.enabled=false)");
    }
    registrar.addFixedDelayTask(metrics::refresh, Duration.ofSeconds(15));
  }
}
