package io.lockstep.recovery.service;

import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.reconcile.ReconcileSchedules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Checks the service's own settings, the pipeline file and the reconciliation schedules before the
 * store is connected and migrated: otherwise a typo in {@code lockstep.*} would first show as
 * whatever the store's connection said, and the operator would fix the problems one start at a
 * time.
 */
@Configuration(proxyBeanMethods = false)
class SettingsBeforeStore {

  @Bean
  static BeanFactoryPostProcessor dataSourceAfterSettings() {
    return SettingsBeforeStore::dependOnSettings;
  }

  private static void dependOnSettings(ConfigurableListableBeanFactory beans) {
    List<String> settings = new ArrayList<>();
    settings.addAll(
        Arrays.asList(beans.getBeanNamesForType(RecoveryProperties.class, true, false)));
    settings.addAll(Arrays.asList(beans.getBeanNamesForType(PipelineConfig.class, true, false)));
    settings.addAll(
        Arrays.asList(beans.getBeanNamesForType(ReconcileSchedules.class, true, false)));
    for (String name : beans.getBeanNamesForType(DataSource.class, true, false)) {
      if (!beans.containsBeanDefinition(name)) {
        continue;
      }
      BeanDefinition dataSource = beans.getBeanDefinition(name);
      List<String> dependsOn = new ArrayList<>();
      if (dataSource.getDependsOn() != null) {
        dependsOn.addAll(Arrays.asList(dataSource.getDependsOn()));
      }
      dependsOn.addAll(settings);
      dataSource.setDependsOn(dependsOn.toArray(String[]::new));
    }
  }
}
