package io.lockstep.recovery.sync;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.catalog.SourceRows;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableNaming;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.engines.Engines;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Which tables force-sync reads and writes for a source table name: the source table as the
 * pipeline replicates it (excluded columns left out, configured key columns), read from the catalog
 * on every sync so that DDL is never missed, and the target table {@link TableNaming} maps it to,
 * checked to be keyed like it and to have the metadata columns.
 */
final class SyncTables {

  /** A source table and its target table, ready to read and write rows of. */
  record Resolved(SourceRows sourceRows, TargetRows targetRows) {}

  private final PipelineConfig config;
  private final TargetDialect dialect;
  private final MetadataColumns metadata;
  private final TableNaming naming;
  private final TableSelection selection;

  SyncTables(PipelineConfig config, TargetDialect dialect, MetadataColumns metadata) {
    this.config = config;
    this.dialect = dialect;
    this.metadata = metadata;
    this.naming = TableNaming.of(config);
    this.selection = TableSelection.of(config);
  }

  /** {@code database.schema.table}, as events name tables; on MariaDB/MySQL schema = database. */
  TableId parse(String qualifiedName) {
    String[] parts = qualifiedName == null ? new String[0] : qualifiedName.split("\\.", 3);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException(
          "table '"
              + qualifiedName
              + "' is not a qualified source table name: expected database.schema.table, as"
              + " events and failed-rows records name tables (postgres.public.orders, or"
              + " shop.shop.orders on MariaDB/MySQL)");
    }
    TableId id = new TableId(parts[0], parts[1], parts[2]);
    String database = config.get(PipelineOptions.SOURCE_DATABASE);
    if (!Engines.of(config.sourceEngine()).catalog().schemaIsDatabase()
        && !id.database().equals(database)) {
      throw new IllegalArgumentException(
          "table "
              + id
              + " is in database '"
              + id.database()
              + "', but pipeline '"
              + config.name()
              + "' reads database '"
              + database
              + "'");
    }
    return id;
  }

  /**
   * @throws IllegalStateException when either table is missing, their keys differ, or the target
   *     lacks a metadata column
   */
  Resolved resolve(Connection source, Connection target, TableId id, int batchSize)
      throws SQLException {
    TableSchema replicated =
        selection.replicated(
            CatalogReader.describe(source, config.sourceEngine(), id.schema(), id.table())
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "source table "
                                + id
                                + " does not exist: force-sync reads rows from it, so it cannot"
                                + " tell deleted rows from a dropped table. Sync rows of an"
                                + " existing table.")));
    TableNaming.TargetName name = naming.target(id);
    TargetTable table =
        dialect
            .describeTable(target, name.schema(), name.table())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "target table "
                            + name
                            + " (of source table "
                            + id
                            + ") does not exist; create it (lockstep schema --apply) before"
                            + " syncing its rows"));
    // The primary key, or a unique key on exactly the key columns (source.key-columns).
    if (table.keyedBy(replicated.keyColumns()).isEmpty()) {
      throw new IllegalStateException(
          table.keyProblem(replicated.keyColumns())
              + " (source table "
              + id
              + "; force-sync upserts on the key)");
    }
    for (String column : metadata.names()) {
      if (table.column(column).isEmpty()) {
        throw new IllegalStateException(
            "target table "
                + name
                + " lacks the metadata column '"
                + column
                + "' that the position guard needs; start the apply job once (it adds them) or"
                + " add it by hand");
      }
    }
    // Keyed by the source's key columns in the source's order, as events give key values.
    TargetTable keyed =
        new TargetTable(table.schema(), table.name(), table.columns(), replicated.keyColumns());
    return new Resolved(
        new SourceRows(config.sourceEngine(), replicated, batchSize),
        new TargetRows(dialect, metadata, config.targetEngine(), keyed, replicated));
  }
}
