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
        .append(", which are passed to Debezium and to every Kafka client as they are\n")
        .append("(but not the keys Lockstep sets itself, listed below the table).\n")
        .append("Secrets are never written in the file: `*-env` keys name the environment\n")
        .append(
            "variable that holds them, `*-file` keys a file (a mounted secret); either is read\n")
        .append("where the secret is used, so no job graph holds one (docs/security.md).\n\n")
        .append("| key | type | default | description |\n")
        .append("|---|---|---|---|\n");
    for (PipelineOption<?> option : PipelineOptions.ALL) {
      md.append("| `")
          .append(option.key())
          .append("` | ")
          .append(option.type().name())
          .append(" | ")
          .append(option.required() ? "required" : defaultText(option.defaultValue()))
          .append(" | ")
          .append(option.description().replace("|", "\\|"));
      List<String> rules = option.rules().stream().map(PipelineOption.Rule::description).toList();
      if (!rules.isEmpty()) {
        md.append(" Value ").append(String.join("; ", rules)).append('.');
      }
      md.append(" |\n");
    }
    reservedKeys(md);
    return md.toString();
  }

  private static void reservedKeys(StringBuilder md) {
    md.append("\n## Pass-through keys Lockstep sets itself\n\n")
        .append("A pipeline file that sets one of these is refused when it is loaded.\n\n")
        .append("| key | instead |\n")
        .append("|---|---|\n");
    for (ReservedPassThroughKeys.Reserved r : ReservedPassThroughKeys.ALL) {
      String instead =
          r.option() == null
              ? r.reason()
              : "`"
                  + r.option().replace(" or ", "` or `")
                  + "`"
                  + (r.reason() == null ? "" : " (" + r.reason() + ")");
      md.append("| `")
          .append(r.fullKey())
          .append(r.family() ? "` and every key below it" : "`")
          .append(" | ")
          .append(instead)
          .append(" |\n");
    }
  }

  private static String defaultText(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof Duration d) {
      return d.toMillis() % 1000 == 0 ? "`" + d.toSeconds() + "s`" : "`" + d.toMillis() + "ms`";
    }
    return "`" + Choice.text(value) + "`";
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
