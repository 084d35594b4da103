package io.lockstep.recovery.reconcile;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.TableSelection;
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
    TableSelection selection = TableSelection.of(config);
    List<String> names = new ArrayList<>();
    for (String schema : CatalogReader.schemas(source, config.sourceEngine())) {
      for (String table : CatalogReader.tables(source, config.sourceEngine(), schema)) {
        if (selection.includes(schema, table)) {
          names.add(schema + "." + table);
        }
      }
    }
    return names;
  }

  /**
   * The table named {@code name} ({@code schema.table}, {@code database.schema.table}, or a bare
   * table name that one schema has) as the pipeline replicates it.
   *
   * @throws IllegalArgumentException naming the tables the pipeline has when none or several match
   */
  static TableSchema resolve(Connection source, PipelineConfig config, String name)
      throws SQLException {
    List<String> known = names(source, config);
    List<String> matches =
        known.stream()
            .filter(
                t ->
                    t.equals(name)
                        || name.endsWith("." + t)
                        || t.substring(t.indexOf('.') + 1).equals(name))
            .toList();
    if (matches.size() != 1) {
      throw new IllegalArgumentException(
          (matches.isEmpty()
                  ? "unknown table '" + name + "'"
                  : "table name '" + name + "' is ambiguous (" + matches + ")")
              + ": the pipeline's source tables are "
              + (known.isEmpty() ? "none (check source.tables)" : String.join(", ", known))
              + "; name one as schema.table");
    }
    String match = matches.get(0);
    int dot = match.indexOf('.');
    TableSchema described =
        CatalogReader.describe(
                source, config.sourceEngine(), match.substring(0, dot), match.substring(dot + 1))
            .orElseThrow(() -> new IllegalArgumentException("table " + match + " vanished"));
    return TableSelection.of(config).replicated(described);
  }
}
