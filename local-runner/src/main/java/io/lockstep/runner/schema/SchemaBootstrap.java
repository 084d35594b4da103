package io.lockstep.runner.schema;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableNaming;
import io.lockstep.config.TableSelection;
import io.lockstep.dialect.MetadataColumns;
import io.lockstep.dialect.TargetDialect;
import io.lockstep.dialect.TargetDialects;
import io.lockstep.dialect.TargetTable;
import io.lockstep.event.TableSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The target tables of a pipeline, derived from the source catalog through the type mapping
 * (docs/type-mapping.md): for each selected source table, the statements that create its target
 * table with the same columns (minus excluded ones), NOT NULL where the source has it, its key as
 * primary key, and the metadata columns.
 */
public final class SchemaBootstrap {

  /** One target table: the source it comes from and the statements creating it. */
  public record TableDdl(TableSchema source, TableNaming.TargetName target, List<String> sql) {}

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
    TargetDialect dialect = TargetDialects.of(config.targetEngine());
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
        List<String> sql =
            new ArrayList<>(dialect.createTableSql(target.schema(), target.table(), replicated));
        TargetTable withoutMetadata =
            new TargetTable(target.schema(), target.table(), List.of(), replicated.keyColumns());
        sql.addAll(dialect.addMissingMetadataColumns(withoutMetadata, metadata));
        plan.add(new TableDdl(replicated, target, sql));
      }
    }
    return plan;
  }

  /** Runs the plan on the target, table by table. */
  public static void apply(PipelineConfig config, List<TableDdl> plan) throws SQLException {
    try (Connection target = connect(config, false);
        Statement statement = target.createStatement()) {
      for (TableDdl table : plan) {
        for (String sql : table.sql()) {
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
    }
  }

  private static Connection connect(PipelineConfig config, boolean source) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty(
        "user", config.get(source ? PipelineOptions.SOURCE_USER : PipelineOptions.TARGET_USER));
    properties.setProperty(
        "password",
        config.secret(
            source ? PipelineOptions.SOURCE_PASSWORD_ENV : PipelineOptions.TARGET_PASSWORD_ENV));
    return DriverManager.getConnection(
        source ? config.sourceJdbcUrl() : config.targetJdbcUrl(), properties);
  }
}
