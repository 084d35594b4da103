package io.lockstep.runtime;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import java.nio.file.Path;

/**
 * Where a job's {@code main} finds its pipeline file: {@code --config FILE}, a path on the machine
 * that runs it (a mounted ConfigMap on Kubernetes), or {@code --config-yaml TEXT}, the file's
 * content itself, which {@code lockstep submit} passes so that the cluster needs no copy of the
 * file. Either way the file names its secrets by environment variable only; they are read from the
 * environment of the JobManager and TaskManagers.
 */
public final class PipelineArguments {

  /** The pipeline file's path. */
  public static final String CONFIG = "--config";

  /** The pipeline file's content (YAML). */
  public static final String CONFIG_YAML = "--config-yaml";

  private PipelineArguments() {}

  /** The pipeline that {@code args} name, loaded and validated by {@code loader}. */
  public static PipelineConfig load(String[] args, PipelineConfigLoader loader) {
    String yaml = value(args, CONFIG_YAML);
    String file = value(args, CONFIG);
    if (yaml != null && file != null) {
      throw new IllegalArgumentException(
          "both --config and --config-yaml given: pass the pipeline file either by path or by"
              + " content, not both");
    }
    if (yaml != null) {
      return loader.parse(yaml, "--config-yaml (the pipeline file passed as text)");
    }
    if (file != null) {
      return loader.load(Path.of(file));
    }
    throw new IllegalArgumentException(
        "missing --config FILE (or --config-yaml TEXT): the pipeline file this job runs (see"
            + " config/ for examples)");
  }

  /** The pipeline file named by {@code --config FILE}. */
  public static Path configPath(String[] args) {
    String file = value(args, CONFIG);
    if (file == null) {
      throw new IllegalArgumentException(
          "missing --config FILE: the pipeline file this job runs (see config/ for examples)");
    }
    return Path.of(file);
  }

  private static String value(String[] args, String name) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(name)) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i + 1];
      }
    }
    return null;
  }
}
