package io.lockstep.runner.schema;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockstep schema --config FILE [--apply]}: the target DDL for the source tables. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the DDL that creates the target tables of a pipeline from its source tables,"
          + " through the type mapping (docs/type-mapping.md): columns, NOT NULL, primary keys"
          + " (or source.key-columns) and the metadata columns.",
      "With --apply, runs it on the target (CREATE ... IF NOT EXISTS: existing tables are kept)."
    })
public final class SchemaCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "The pipeline file (YAML).")
  Path config;

  @Option(names = "--apply", description = "Create the tables on the target.")
  boolean apply;

  @Override
  public Integer call() throws Exception {
    PipelineConfig pipeline = PipelineConfigLoader.fromSystemEnvironment().load(config);
    List<SchemaBootstrap.TableDdl> plan;
    try {
      plan = SchemaBootstrap.plan(pipeline);
    } catch (IllegalArgumentException e) {
      System.err.println("lockstep schema: " + e.getMessage());
      return 2;
    }
    if (plan.isEmpty()) {
      System.err.println(
          "lockstep schema: no source table matches source.tables in "
              + config
              + "; nothing to do");
      return 2;
    }
    for (SchemaBootstrap.TableDdl table : plan) {
      System.out.println(
          "-- " + table.source().id().schemaQualifiedName() + " -> " + table.target());
      table.notTranslated().forEach(note -> System.out.println("-- not translated: " + note));
      table.sql().forEach(sql -> System.out.println(sql + ";"));
      System.out.println();
    }
    if (apply) {
      SchemaBootstrap.apply(pipeline, plan);
      System.out.println("-- created " + plan.size() + " table(s) on the target");
    }
    return 0;
  }
}
