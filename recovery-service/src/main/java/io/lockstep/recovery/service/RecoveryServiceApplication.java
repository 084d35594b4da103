package io.lockstep.recovery.service;

import io.lockstep.recovery.service.config.RecoveryProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The recovery service's entry point. Bearer tokens are the only authentication, so Boot's
 * generated in-memory user is left out.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(RecoveryProperties.class)
@EnableScheduling
public class RecoveryServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(RecoveryServiceApplication.class, args);
  }
}
