package io.lockstep.recovery.service.config;

/**
 * A setting the service cannot start with. Its message names the setting and the fix; {@link
 * StartupProblemAnalyzer} prints it as the reason the start failed, without the bean chain.
 */
public class StartupProblem extends RuntimeException {

  private final String action;

  public StartupProblem(String message, String action, Throwable cause) {
    super(message, cause);
    this.action = action;
  }

  public String action() {
    return action;
  }
}
