package io.lockstep.recovery.service.audit;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the audit filter in front of Spring Security's, so refused calls are recorded too. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

  @Bean
  FilterRegistrationBean<AuditFilter> auditFilter(AuditLog log) {
    FilterRegistrationBean<AuditFilter> registration =
        new FilterRegistrationBean<>(new AuditFilter(log));
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
    registration.addUrlPatterns("/api/*");
    return registration;
  }
}
