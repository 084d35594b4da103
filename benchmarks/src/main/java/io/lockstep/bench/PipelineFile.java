package io.lockstep.bench;

import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import java.util.List;

/** Pipeline files for the suites: the product's defaults, with what a suite varies. */
final class PipelineFile {

  private PipelineFile() {}

  static String yaml(
      String name,
      EmbeddedPostgresServer source,
      List<String> tables,
      EmbeddedPostgresServer target,
      Bench bench,
      String topicPrefix,
      String checkpointDirectory) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("pipeline:\n  name: ").append(name).append('\n');
    yaml.append("source:\n");
    server(yaml, source);
    yaml.append("  tables:\n");
    tables.forEach(t -> yaml.append("    - \"").append(t).append("\"\n"));
    yaml.append("target:\n");
    server(yaml, target);
    yaml.append("kafka:\n  bootstrap-servers: ")
        .append(bench.kafka.bootstrapServers())
        .append('\n');
    yaml.append("  topic-prefix: ").append(topicPrefix).append('\n');
    yaml.append("checkpoint:\n  interval: ")
        .append(bench.sizes.checkpointInterval().toMillis())
        .append("ms\n");
    if (checkpointDirectory != null) {
      yaml.append("  directory: ").append(checkpointDirectory).append('\n');
    }
    return yaml.toString();
  }

  private static void server(StringBuilder yaml, EmbeddedPostgresServer server) {
    yaml.append("  type: postgres\n");
    yaml.append("  host: localhost\n");
    yaml.append("  port: ").append(server.port()).append('\n');
    yaml.append("  database: ").append(server.database()).append('\n');
    yaml.append("  user: ").append(EmbeddedPostgresServer.USER).append('\n');
    yaml.append("  password-env: ").append(Bench.PASSWORD_ENV).append('\n');
  }
}
