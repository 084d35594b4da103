package io.lockstep.runner.schema;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.TableNaming;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.ColumnDefaults;
import io.lockstep.engine.MetadataColumns;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The target tables of a pipeline, derived from the source catalog through the type mapping
 * (docs/type-mapping.md): for each selected source table, the statements that create its target
 * table with the same columns (minus excluded ones), NOT NULL where the source has it, the column
 * defaults that translate ({@link ColumnDefaults}), its key as primary key, and the metadata
 * columns.
 */
public final class SchemaBootstrap {

  /**
   * One target table: the source it comes from, the statements creating it, and those adding the
   * metadata columns to it when it is new, and what could not be translated (column defaults with
   * no equivalent on the target), for the operator to read.
   */
  public record TableDdl(
      TableSchema source,
      TableNaming.TargetName target,
      List<String> create,
      List<String> metadata,
      List<String> notTranslated) {

    /** Everything, in order, as a new target needs it. */
    public List<String> sql() {
      List<String> all = new ArrayList<>(create);
      all.addAll(metadata);
      return all;
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
      for (String table : CatalogReader.tables(source, schema)) {
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
        plan.add(
            new TableDdl(
                replicated,
                target,
                dialect.createTableSql(target.schema(), target.table(), replicated, clauses),
                dialect.addMissingMetadataColumns(withoutMetadata, metadata),
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
   * Runs the plan on the target, table by table. Tables that exist are kept ({@code CREATE ... IF
   * NOT EXISTS}); only the metadata columns they lack are added.
   */
  public static void apply(PipelineConfig config, List<TableDdl> plan) throws SQLException {
    TargetDialect dialect = Engines.dialect(config.targetEngine());
    MetadataColumns metadata = MetadataColumns.from(config);
    try (Connection target = connect(config, false);
        Statement statement = target.createStatement()) {
      for (TableDdl table : plan) {
        execute(statement, table, table.create());
        TargetTable created =
            dialect
                .describeTable(target, table.target().schema(), table.target().table())
                .orElseThrow(
                    () -> new SQLException("target table " + table.target() + " was not created"));
        execute(statement, table, dialect.addMissingMetadataColumns(created, metadata));
      }
    }
  }

  private static void execute(Statement statement, TableDdl table, List<String> statements)
      throws SQLException {
    for (String sql : statements) {
      try {
        statement.execute(sql);
      } catch (SQLException e) {
        throw new SQLException(
            "creating target table "
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
