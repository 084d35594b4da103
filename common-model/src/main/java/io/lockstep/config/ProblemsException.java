package io.lockstep.config;

import java.util.List;

/**
 * Something Lockstep refuses to start with, and every reason why, so that one run shows the
 * operator everything to fix: a message of a headline and one line per problem.
 */
public class ProblemsException extends RuntimeException {

  private final List<String> problems;

  protected ProblemsException(String headline, List<String> problems) {
    super(
        headline
            + " ("
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
