package io.lockstep.config;

import java.util.List;

/**
 * A pipeline file that cannot be used. The message lists every problem found, each naming the key,
 * the rule it breaks and the value given.
 */
public class ConfigException extends ProblemsException {

  public ConfigException(String source, List<String> problems) {
    super("Invalid pipeline configuration " + source, problems);
  }
}
