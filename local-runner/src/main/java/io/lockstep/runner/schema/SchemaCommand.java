package io.lockstep.runner.schema;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lockstep schema --config FILE [--apply] [--defer indexes,foreign-keys | --post-load |
 * --validate-foreign-keys]}: the target DDL for the source tables, in the steps of a migration.
 */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the DDL that creates the target tables of a pipeline from its source tables,"
          + " through the type mapping (docs/type-mapping.md): columns, NOT NULL, primary keys"
          + " (or source.key-columns), defaults, generated columns, check constraints, comments"
          + " and the metadata columns; then secondary indexes, unique constraints and foreign"
          + " keys. Whatever does not translate to the target engine is printed as a"
          + " '-- not translated:' line, never dropped silently.",
      "With --apply, runs it on the target (CREATE ... IF NOT EXISTS: existing tables are kept).",
      "For a migration: --defer indexes,foreign-keys before the initial load, --post-load once it"
          + " has finished (replication running), --validate-foreign-keys at cutover."
    })
public final class SchemaCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "The pipeline file (YAML).")
  Path config;

  @Option(names = "--apply", description = "Run the statements on the target.")
  boolean apply;

  @Option(
      names = "--defer",
      split = ",",
      paramLabel = "indexes|foreign-keys",
      description =
          "Leave secondary indexes and unique constraints (indexes), or foreign keys"
              + " (foreign-keys), for --post-load: the initial load is faster without them.")
  List<String> defer = List.of();

  @Option(
      names = "--post-load",
      description =
          "Only the secondary indexes, unique constraints and foreign keys (after the initial"
              + " load). Foreign keys are created without checking existing rows (PostgreSQL:"
              + " NOT VALID), since the apply job writes tables in parallel.")
  boolean postLoad;

  @Option(
      names = "--validate-foreign-keys",
      description =
          "At cutover, once the apply job has caught up: check every foreign key for rows that"
              + " break it and mark it valid (PostgreSQL VALIDATE CONSTRAINT).")
  boolean validateForeignKeys;

  @Override
  public Integer call() throws Exception {
    Set<SchemaBootstrap.Step> steps;
    try {
      steps = steps();
    } catch (IllegalArgumentException e) {
      System.err.println("lockstep schema: " + e.getMessage());
      return 2;
    }
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
      for (SchemaBootstrap.Step step : steps) {
        table.sql(step).forEach(sql -> System.out.println(sql + ";"));
      }
      System.out.println();
    }
    if (steps.contains(SchemaBootstrap.Step.VALIDATE_FOREIGN_KEYS) && !apply) {
      System.out.println("-- with --apply: checks every foreign key's rows and validates it");
    }
    if (apply) {
      SchemaBootstrap.apply(pipeline, plan, steps);
      System.out.println("-- done on the target: " + steps + " of " + plan.size() + " table(s)");
    }
    return 0;
  }

  /** The steps this run takes; the options exclude each other. */
  Set<SchemaBootstrap.Step> steps() {
    if (postLoad && validateForeignKeys) {
      throw new IllegalArgumentException("--post-load and --validate-foreign-keys are two runs");
    }
    if (validateForeignKeys) {
      return EnumSet.of(SchemaBootstrap.Step.VALIDATE_FOREIGN_KEYS);
    }
    if (postLoad) {
      return EnumSet.of(SchemaBootstrap.Step.INDEXES, SchemaBootstrap.Step.FOREIGN_KEYS);
    }
    Set<SchemaBootstrap.Step> steps =
        EnumSet.of(
            SchemaBootstrap.Step.TABLES,
            SchemaBootstrap.Step.INDEXES,
            SchemaBootstrap.Step.FOREIGN_KEYS);
    for (String deferred : defer) {
      switch (deferred.trim()) {
        case "indexes" -> steps.remove(SchemaBootstrap.Step.INDEXES);
        case "foreign-keys" -> steps.remove(SchemaBootstrap.Step.FOREIGN_KEYS);
        default ->
            throw new IllegalArgumentException(
                "--defer takes indexes and foreign-keys, not '" + deferred + "'");
      }
    }
    return steps;
  }
}
