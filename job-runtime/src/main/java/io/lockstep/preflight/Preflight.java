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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

  private Preflight() {}

  /**
   * Checks source and target; throws {@link PreflightException} listing every problem. Returns, and
   * logs, what the capture will do that a user should know (a partitioned table captured through
   * its root, for example).
   */
  public static List<String> check(PipelineConfig config) {
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<CapturedTable> tables = checkSource(config, problems, notes);
    checkTarget(config, tables, problems);
    if (!problems.isEmpty()) {
      throw new PreflightException(config.name(), problems);
    }
    notes.forEach(note -> LOG.info("Preflight of pipeline '{}': {}", config.name(), note));
    return notes;
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

  private static List<CapturedTable> checkSource(
      PipelineConfig config, List<String> problems, List<String> notes) {
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
      notes.addAll(engine.sourceChecks().notes(config, source, where, tables));
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
    TableSelection selection = TableSelection.of(config);
    naming
        .collisions(sourceTables.stream().map(t -> new TableId("", t.schema(), t.name())).toList())
        .stream()
        .map(collision -> where + ": " + collision)
        .forEach(problems::add);
    try (Connection target =
        DataSources.connect(Endpoint.target(config), APPLICATION_NAME, CONNECT_TIMEOUT)) {
      checkReplicaSession(config, target, where, problems);
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
        } else {
          keyProblem(table.get(), selection.configuredKey(source.schema(), source.name()))
              .ifPresent(problem -> problems.add(where + ": " + problem));
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

  /**
   * A target table is keyed by its primary key, or, for a source table keyed by {@code
   * source.key-columns}, by a unique key on exactly those columns ({@link TargetTable#keyedBy}). A
   * table with a primary key is not compared with the source's key here: the apply job does that
   * when it first writes the table, with the source's key from the change record.
   */
  private static Optional<String> keyProblem(TargetTable table, Optional<List<String>> configured) {
    if (!table.primaryKey().isEmpty()) {
      return Optional.empty();
    }
    if (configured.isPresent()) {
      return table.keyedBy(configured.get()).isPresent()
          ? Optional.empty()
          : Optional.of(table.keyProblem(configured.get()));
    }
    return Optional.of(
        "table "
            + table.qualifiedName()
            + " has no primary key. Add the source table's key to it as PRIMARY KEY (or, for a"
            + " table keyed by source.key-columns, a NOT NULL UNIQUE constraint on those columns).");
  }

  /** The apply job's sessions can start as replicas ({@code apply.replica-session}). */
  private static void checkReplicaSession(
      PipelineConfig config, Connection target, String where, List<String> problems) {
    if (!config.get(PipelineOptions.APPLY_REPLICA_SESSION)) {
      return;
    }
    var connections = Engines.of(config.targetEngine()).connections();
    Optional<String> setup = connections.sessionSetupSql(true);
    if (setup.isEmpty()) {
      return;
    }
    try (var statement = target.createStatement()) {
      statement.execute(setup.get());
    } catch (SQLException e) {
      problems.add(
          where
              + ": "
              + connections.replicaSessionProblem(
                  config.get(PipelineOptions.TARGET_USER), e.getMessage()));
    }
  }
}
