package io.lockstep.preflight;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableNaming;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.CapturedTable;
import io.lockstep.engine.DatabaseEngine;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import io.lockstep.engines.Engines;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, before any job starts, that the source can be captured and the target written, and says
 * for each problem what to change. Run by {@code bin/lockstep run}, the quickstart and the jobs'
 * {@code main}. What an engine needs of its source (log settings, replication privileges, ...) is
 * checked by that engine ({@link DatabaseEngine#sourceChecks()}); what is the same on every engine
 * (keys, the signal table, the target's tables) is checked here.
 */
public final class Preflight {

  /** How long connecting to the source or the target may take. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** How the checks' sessions show themselves to the server, where the engine can. */
  private static final String APPLICATION_NAME = "lockstep-preflight";

  private Preflight() {}

  /** Checks source and target; throws {@link PreflightException} listing every problem. */
  public static void check(PipelineConfig config) {
    List<String> problems = new ArrayList<>();
    List<CapturedTable> tables = checkSource(config, problems);
    checkTarget(config, tables, problems);
    if (!problems.isEmpty()) {
      throw new PreflightException(config.name(), problems);
    }
  }

  /**
   * Checks only the target, for a process that runs only the apply job (the capture runs elsewhere
   * and has checked the source).
   */
  public static void checkTargetOnly(PipelineConfig config) {
    List<String> problems = new ArrayList<>();
    checkTarget(config, List.of(), problems);
    if (!problems.isEmpty()) {
      throw new PreflightException(config.name(), problems);
    }
  }

  private static List<CapturedTable> checkSource(PipelineConfig config, List<String> problems) {
    problems.addAll(TableSelection.keyColumnProblems(config));
    DatabaseEngine engine = Engines.of(config.sourceEngine());
    String where =
        "source "
            + config.get(PipelineOptions.SOURCE_HOST)
            + ":"
            + config.sourcePort()
            + "/"
            + config.get(PipelineOptions.SOURCE_DATABASE);
    try (Connection source =
        DataSources.connect(Endpoint.source(config), APPLICATION_NAME, CONNECT_TIMEOUT)) {
      List<CapturedTable> tables = engine.sourceChecks().check(config, source, where, problems);
      if (tables.isEmpty()) {
        problems.add(
            where
                + ": source.tables "
                + config.sourceTables()
                + " matches no table. Patterns are regular expressions over schema.table"
                + " (database.table on MariaDB/MySQL), such as 'public\\.orders', minus what"
                + " source.exclude-tables matches.");
      }
      checkKeys(config, engine, source, tables, where, problems);
      TopicCollisions.of(config.topicPrefix(), config.get(PipelineOptions.SOURCE_DATABASE), tables)
          .stream()
          .map(collision -> where + ": " + collision)
          .forEach(problems::add);
      SignalTableCheck.check(config, engine.sourceChecks(), source, where, problems);
      return tables;
    } catch (SQLException e) {
      problems.add(
          where
              + ": cannot connect as '"
              + config.get(PipelineOptions.SOURCE_USER)
              + "': "
              + e.getMessage());
      return List.of();
    }
  }

  /**
   * Every captured table needs a key: its primary key, or the columns {@code source.key-columns}
   * names, which must exist and must not be excluded. Before this check, a PostgreSQL table without
   * one failed later, in the capture, at its first change.
   */
  private static void checkKeys(
      PipelineConfig config,
      DatabaseEngine engine,
      Connection source,
      List<CapturedTable> tables,
      String where,
      List<String> problems)
      throws SQLException {
    TableSelection selection = TableSelection.of(config);
    boolean columnsExcluded = !config.get(PipelineOptions.SOURCE_EXCLUDE_COLUMNS).isEmpty();
    for (CapturedTable table : tables) {
      boolean keyConfigured = selection.configuredKey(table.schema(), table.name()).isPresent();
      if (!table.hasPrimaryKey() && !keyConfigured) {
        problems.add(
            where
                + ": table "
                + table.qualified()
                + " has no primary key. Lockstep routes and upserts rows by key: add a PRIMARY"
                + " KEY, or name columns that identify a row in source.key-columns (for example '"
                + table.qualified()
                + ":col1,col2'), or leave the table out (source.tables,"
                + " source.exclude-tables).");
        continue;
      }
      if (keyConfigured || columnsExcluded) {
        Optional<TableSchema> described =
            CatalogReader.describe(source, engine.id(), table.schema(), table.name());
        if (described.isPresent()) {
          try {
            selection.replicated(described.get());
          } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
          }
        }
      }
    }
  }

  private static void checkTarget(
      PipelineConfig config, List<CapturedTable> sourceTables, List<String> problems) {
    String where =
        "target "
            + config.get(PipelineOptions.TARGET_HOST)
            + ":"
            + config.targetPort()
            + "/"
            + config.get(PipelineOptions.TARGET_DATABASE);
    TargetDialect dialect = Engines.dialect(config.targetEngine());
    TableNaming naming = TableNaming.of(config);
    naming
        .collisions(sourceTables.stream().map(t -> new TableId("", t.schema(), t.name())).toList())
        .stream()
        .map(collision -> where + ": " + collision)
        .forEach(problems::add);
    try (Connection target =
        DataSources.connect(Endpoint.target(config), APPLICATION_NAME, CONNECT_TIMEOUT)) {
      for (CapturedTable source : sourceTables) {
        TableNaming.TargetName name = naming.target(source.schema(), source.name());
        Optional<TargetTable> table = dialect.describeTable(target, name.schema(), name.table());
        if (table.isEmpty()) {
          problems.add(
              where
                  + ": table "
                  + name
                  + " (for source table "
                  + source.qualified()
                  + ") does not exist. Create it with the source's columns"
                  + " and primary key.");
        } else if (table.get().primaryKey().isEmpty()) {
          problems.add(
              where
                  + ": table "
                  + table.get().qualifiedName()
                  + " has no primary key. Add the"
                  + " source table's key to it.");
        }
      }
    } catch (SQLException e) {
      problems.add(
          where
              + ": cannot connect as '"
              + config.get(PipelineOptions.TARGET_USER)
              + "': "
              + e.getMessage());
    }
  }
}
