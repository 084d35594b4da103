package io.lockstep.recovery.reconcile;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.TableSelection;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The source tables a pipeline replicates, and a table named by a person among them. */
final class PipelineTables {

  private PipelineTables() {}

  /** {@code schema.table} of every source table the pipeline's selection includes. */
  static List<String> names(Connection source, PipelineConfig config) throws SQLException {
    return tables(source, config).stream().map(TableId::schemaQualifiedName).toList();
  }

  /** Every source table the pipeline's selection includes, schema and name kept apart. */
  private static List<TableId> tables(Connection source, PipelineConfig config)
      throws SQLException {
    TableSelection selection = TableSelection.of(config);
    List<TableId> tables = new ArrayList<>();
    for (String schema : CatalogReader.schemas(source, config.sourceEngine())) {
      for (String table : CatalogReader.tables(source, config.sourceEngine(), schema)) {
        if (selection.includes(schema, table)) {
          tables.add(new TableId("", schema, table));
        }
      }
    }
    return tables;
  }

  /**
   * The table named {@code name} ({@code schema.table}, {@code database.schema.table}, or a bare
   * table name that one schema has) as the pipeline replicates it. Names are compared whole, never
   * split at a dot: a schema or a table name may hold one.
   *
   * @throws IllegalArgumentException naming the tables the pipeline has when none or several match
   */
  static TableSchema resolve(Connection source, PipelineConfig config, String name)
      throws SQLException {
    List<TableId> known = tables(source, config);
    List<TableId> matches =
        known.stream()
            .filter(
                t ->
                    t.schemaQualifiedName().equals(name)
                        || name.endsWith("." + t.schemaQualifiedName())
                        || t.table().equals(name))
            .toList();
    if (matches.size() != 1) {
      throw new IllegalArgumentException(
          (matches.isEmpty()
                  ? "unknown table '" + name + "'"
                  : "table name '"
                      + name
                      + "' is ambiguous ("
                      + matches.stream().map(TableId::schemaQualifiedName).toList()
                      + ")")
              + ": the pipeline's source tables are "
              + (known.isEmpty()
                  ? "none (check source.tables)"
                  : String.join(", ", known.stream().map(TableId::schemaQualifiedName).toList()))
              + "; name one as schema.table");
    }
    TableId match = matches.get(0);
    TableSchema described =
        CatalogReader.describe(source, config.sourceEngine(), match.schema(), match.table())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "table " + match.schemaQualifiedName() + " vanished"));
    return TableSelection.of(config).replicated(described);
  }
}
