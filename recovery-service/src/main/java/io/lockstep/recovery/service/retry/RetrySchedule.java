package io.lockstep.recovery.service.retry;

import io.lockstep.recovery.service.config.RecoveryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The retry pass, at the interval {@code lockstep.retry.poll-interval} gives. */
@Configuration(proxyBeanMethods = false)
class RetrySchedule implements SchedulingConfigurer {

  private static final Logger LOG = LoggerFactory.getLogger(RetrySchedule.class);

  private final RecoveryProperties properties;
  private final RetryScheduler retry;

  RetrySchedule(RecoveryProperties properties, RetryScheduler retry) {
    this.properties = properties;
    this.retry = retry;
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
  }
}
