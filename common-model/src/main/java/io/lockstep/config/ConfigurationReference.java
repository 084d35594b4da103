package io.lockstep.config;

import java.time.Duration;
import java.util.List;

/**
 * Renders docs/configuration.md from {@link PipelineOptions}, so the reference never drifts from
 * the code. A unit test fails when the committed file is stale; regenerate it by running {@link
 * #main} with the file's path.
 */
public final class ConfigurationReference {

  private ConfigurationReference() {}

  public static String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Pipeline configuration reference\n\n")
        .append(
            "<!-- Generated from PipelineOptions by ConfigurationReference; do not edit. -->\n\n")
        .append("A pipeline file is YAML; nested keys below are written as sections, for example\n")
        .append("`apply.batch-size` is `batch-size` under `apply:`. Unknown keys are rejected,\n")
        .append("except below ")
        .append(
            String.join(
                " and ",
                PipelineOptions.PASS_THROUGH_PREFIXES.stream().map(p -> "`" + p + "*`").toList()))
        .append(", which are passed to Debezium and to the Kafka clients as they are.\n")
        .append("Secrets are never written in the file: `*-env` keys name the environment\n")
        .append("variable that holds them.\n\n")
        .append("| key | type | default | description |\n")
        .append("|---|---|---|---|\n");
    for (ConfigOption<?> option : PipelineOptions.ALL) {
      md.append("| `")
          .append(option.key())
          .append("` | ")
          .append(option.type().name())
          .append(" | ")
          .append(option.required() ? "required" : defaultText(option.defaultValue()))
          .append(" | ")
          .append(option.description().replace("|", "\\|"));
      List<String> rules = option.rules().stream().map(ConfigOption.Rule::description).toList();
      if (!rules.isEmpty()) {
        md.append(" Value ").append(String.join("; ", rules)).append('.');
      }
      md.append(" |\n");
    }
    return md.toString();
  }

  private static String defaultText(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof Duration d) {
      return d.toMillis() % 1000 == 0 ? "`" + d.toSeconds() + "s`" : "`" + d.toMillis() + "ms`";
    }
    return "`" + value + "`";
  }

  /** Writes the reference to the path given, or prints it. */
  public static void main(String[] args) throws java.io.IOException {
    if (args.length == 1) {
      java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), render());
    } else {
      System.out.print(render());
    }
  }
}
