package io.lockstep.runner.schema;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.TableNaming;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.ColumnDefaults;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.SchemaDdl;
import io.lockstep.engine.TableObjects;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The target tables of a pipeline, derived from the source catalog through the type mapping
 * (docs/type-mapping.md): for each selected source table, the statements that create its target
 * table with the same columns (minus excluded ones), NOT NULL where the source has it, the column
 * defaults that translate ({@link ColumnDefaults}), generated columns, check constraints and
 * comments, its key as primary key, and the metadata columns; then its secondary indexes and unique
 * constraints, and its foreign keys ({@link TargetObjects}), which a migration creates after the
 * initial load ({@link Step}).
 */
public final class SchemaBootstrap {

  /**
   * What a run of {@code lockstep schema} creates, in the order a migration needs it (as pg_dump's
   * pre-data and post-data sections): the tables first; indexes and foreign keys with them or after
   * the initial load; foreign keys validated at cutover.
   */
  public enum Step {
    /** Tables with columns, keys, generated columns, check constraints and comments. */
    TABLES,
    /** Secondary indexes and unique constraints. */
    INDEXES,
    /**
     * Foreign keys, created without checking the rows there are (PostgreSQL {@code NOT VALID};
     * MariaDB/MySQL with {@code foreign_key_checks = 0}).
     */
    FOREIGN_KEYS,
    /** Checks that no row breaks a foreign key, then marks them valid (PostgreSQL). */
    VALIDATE_FOREIGN_KEYS
  }

  /**
   * One target table: the source it comes from, the statements creating it, and those adding the
   * metadata columns to it when it is new, its indexes and foreign keys, and what could not be
   * translated (column defaults with no equivalent on the target, expressions, index kinds), for
   * the operator to read.
   */
  public record TableDdl(
      TableSchema source,
      TableNaming.TargetName target,
      List<String> create,
      List<String> metadata,
      List<String> indexes,
      List<TargetObjects.ForeignKeyDdl> foreignKeys,
      List<String> notTranslated) {

    /** The tables step, in order, as a new target needs it. */
    public List<String> sql() {
      List<String> all = new ArrayList<>(create);
      all.addAll(metadata);
      return all;
    }

    /** The statements of {@code step} (validation is planned at run time from the catalog). */
    public List<String> sql(Step step) {
      return switch (step) {
        case TABLES -> sql();
        case INDEXES -> indexes;
        case FOREIGN_KEYS -> foreignKeys.stream().map(TargetObjects.ForeignKeyDdl::sql).toList();
        case VALIDATE_FOREIGN_KEYS -> List.of();
      };
    }
  }

  private SchemaBootstrap() {}

  /** Reads the source catalog and plans every selected table's DDL. */
  public static List<TableDdl> plan(PipelineConfig config) throws SQLException {
    try (Connection source = connect(config, true)) {
      return plan(config, source);
    }
  }

  public static List<TableDdl> plan(PipelineConfig config, Connection source) throws SQLException {
    TableSelection selection = TableSelection.of(config);
    TableNaming naming = TableNaming.of(config);
    TargetDialect dialect = Engines.dialect(config.targetEngine());
    MetadataColumns metadata = MetadataColumns.from(config);
    List<TableDdl> plan = new ArrayList<>();
    for (String schema : CatalogReader.schemas(source, config.sourceEngine())) {
      for (String table : CatalogReader.tables(source, config.sourceEngine(), schema)) {
        if (!selection.includes(schema, table)) {
          continue;
        }
        TableSchema described =
            CatalogReader.describe(source, config.sourceEngine(), schema, table).orElseThrow();
        TableSchema replicated = selection.replicated(described);
        TableNaming.TargetName target = naming.target(schema, table);
        TargetTable withoutMetadata =
            new TargetTable(target.schema(), target.table(), List.of(), replicated.keyColumns());
        Map<String, String> clauses = new HashMap<>();
        List<String> notTranslated = new ArrayList<>();
        Map<String, ColumnDefaults.SourceDefault> defaults =
            CatalogReader.defaults(source, config.sourceEngine(), schema, table);
        for (ColumnSchema column : replicated.columns()) {
          ColumnDefaults.Translation translation =
              ColumnDefaults.translate(
                  config.sourceEngine(),
                  Engines.of(config.targetEngine()),
                  column,
                  defaults.getOrDefault(column.name(), ColumnDefaults.SourceDefault.none()));
          if (translation instanceof ColumnDefaults.Translation.Clause clause) {
            if (!clause.sql().isEmpty()) {
              clauses.put(column.name(), clause.sql());
            }
          } else if (translation instanceof ColumnDefaults.Translation.NotTranslated why) {
            notTranslated.add(why.reason());
          }
        }
        TableObjects objects =
            Engines.of(config.sourceEngine()).schemaDdl().read(source, schema, table);
        TargetObjects planned =
            TargetObjects.plan(
                config.sourceEngine(),
                Engines.of(config.targetEngine()),
                replicated,
                objects,
                target,
                naming,
                selection,
                clauses);
        notTranslated.addAll(planned.notTranslated);
        List<String> create =
            new ArrayList<>(
                dialect.createTableSql(
                    target.schema(),
                    target.table(),
                    replicated,
                    planned.columnClauses,
                    planned.tableElements));
        create.addAll(planned.comments);
        plan.add(
            new TableDdl(
                replicated,
                target,
                create,
                dialect.addMissingMetadataColumns(withoutMetadata, metadata),
                planned.indexes,
                planned.foreignKeys,
                notTranslated));
      }
    }
    List<String> collisions = naming.collisions(plan.stream().map(t -> t.source().id()).toList());
    if (!collisions.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", collisions));
    }
    return plan;
  }

  /**
   * Runs the plan's tables step on the target, table by table. Tables that exist are kept ({@code
   * CREATE ... IF NOT EXISTS}); only the metadata columns they lack are added.
   */
  public static void apply(PipelineConfig config, List<TableDdl> plan) throws SQLException {
    apply(config, plan, EnumSet.of(Step.TABLES));
  }

  /**
   * Runs {@code steps} of the plan on the target, in step order: every table before any index,
   * every index (a foreign key may reference a unique one) before any foreign key. Indexes and
   * foreign keys the target has by name already are kept.
   */
  public static void apply(PipelineConfig config, List<TableDdl> plan, Set<Step> steps)
      throws SQLException {
    TargetDialect dialect = Engines.dialect(config.targetEngine());
    SchemaDdl ddl = Engines.of(config.targetEngine()).schemaDdl();
    MetadataColumns metadata = MetadataColumns.from(config);
    try (Connection target = connect(config, false);
        Statement statement = target.createStatement()) {
      if (steps.contains(Step.TABLES)) {
        for (TableDdl table : plan) {
          execute(statement, table, table.create());
          TargetTable created =
              dialect
                  .describeTable(target, table.target().schema(), table.target().table())
                  .orElseThrow(
                      () ->
                          new SQLException("target table " + table.target() + " was not created"));
          execute(statement, table, dialect.addMissingMetadataColumns(created, metadata));
        }
      }
      if (steps.contains(Step.INDEXES)) {
        for (TableDdl table : plan) {
          execute(statement, table, table.indexes());
        }
      }
      if (steps.contains(Step.FOREIGN_KEYS)) {
        Optional<String> unchecked = ddl.uncheckedForeignKeysSessionSql();
        if (unchecked.isPresent()) {
          statement.execute(unchecked.get());
        }
        for (TableDdl table : plan) {
          Set<String> existing = existingForeignKeys(ddl, target, table);
          for (TargetObjects.ForeignKeyDdl key : table.foreignKeys()) {
            if (!existing.contains(key.key().name())) {
              execute(statement, table, List.of(key.sql()));
            }
          }
        }
      }
      if (steps.contains(Step.VALIDATE_FOREIGN_KEYS)) {
        ForeignKeyValidation.validate(dialect, ddl, target, plan);
      }
    }
  }

  private static Set<String> existingForeignKeys(SchemaDdl ddl, Connection target, TableDdl table)
      throws SQLException {
    Set<String> names = new HashSet<>();
    ddl.read(target, table.target().schema(), table.target().table())
        .foreignKeys()
        .forEach(k -> names.add(k.name()));
    return names;
  }

  private static void execute(Statement statement, TableDdl table, List<String> statements)
      throws SQLException {
    for (String sql : statements) {
      try {
        statement.execute(sql);
      } catch (SQLException e) {
        throw new SQLException(
            "creating target table objects of "
                + table.target()
                + " failed at: "
                + sql
                + " ("
                + e.getMessage()
                + ")",
            e.getSQLState(),
            e);
      }
    }
  }

  private static Connection connect(PipelineConfig config, boolean source) throws SQLException {
    return DataSources.connect(Endpoint.of(config, source));
  }
}
