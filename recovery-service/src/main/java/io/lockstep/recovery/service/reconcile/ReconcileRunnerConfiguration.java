package io.lockstep.recovery.service.reconcile;

import io.lockstep.config.PipelineConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tier 2 runs on recovery-core's checksum bisection, unless a host supplies its own runner. */
@Configuration(proxyBeanMethods = false)
class ReconcileRunnerConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(ReconcileRunner.class)
  BisectionReconcileRunner bisectionReconcileRunner(PipelineConfig config) {
    return new BisectionReconcileRunner(config);
  }
}
