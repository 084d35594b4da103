package io.lockstep.recovery.service.retry;

import io.lockstep.config.PipelineConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tier 1 re-syncs rows through recovery-core's force-sync, unless a host supplies its own. */
@Configuration(proxyBeanMethods = false)
class RowResyncConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(RowResync.class)
  ForceSyncRowResync forceSyncRowResync(PipelineConfig config) {
    return new ForceSyncRowResync(config);
  }
}
