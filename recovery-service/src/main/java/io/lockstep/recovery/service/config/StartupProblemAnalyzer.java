package io.lockstep.recovery.service.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a {@link StartupProblem} as Spring Boot prints its own configuration errors. */
class StartupProblemAnalyzer extends AbstractFailureAnalyzer<StartupProblem> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, StartupProblem cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
