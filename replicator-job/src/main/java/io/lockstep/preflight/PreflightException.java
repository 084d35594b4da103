package io.lockstep.preflight;

import java.util.List;

/** The source or target is not ready for the pipeline; every problem says what to change. */
public class PreflightException extends RuntimeException {

  private final List<String> problems;

  public PreflightException(String pipeline, List<String> problems) {
    super(
        "Pipeline '"
            + pipeline
            + "' cannot start ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
