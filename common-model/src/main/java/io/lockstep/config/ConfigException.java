package io.lockstep.config;

import java.util.List;

/**
 * A pipeline file that cannot be used. The message lists every problem found, each naming the key,
 * the rule it breaks and the value given, so that one run shows everything to fix.
 */
public class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(
        "Invalid pipeline configuration "
            + source
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
