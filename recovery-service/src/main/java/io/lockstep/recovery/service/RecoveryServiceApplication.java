package io.lockstep.recovery.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The recovery service's entry point. */
@SpringBootApplication
public class RecoveryServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(RecoveryServiceApplication.class, args);
  }
}
