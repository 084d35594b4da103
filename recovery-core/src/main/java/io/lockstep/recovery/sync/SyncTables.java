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
import java.util.ArrayList;
import java.util.List;

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

  /**
   * The tables {@code qualifiedName} ({@code database.schema.table}, as events name tables; on
   * MariaDB/MySQL schema = database) may be. A schema or table name may hold dots, so the name is
   * not simply split: every reading whose database is the pipeline's (on MariaDB/MySQL, whose
   * schema repeats its database) is a candidate, and {@link #resolve} keeps the one that exists.
   */
  List<TableId> candidates(String qualifiedName) {
    return candidates(
        qualifiedName,
        config.get(PipelineOptions.SOURCE_DATABASE),
        Engines.of(config.sourceEngine()).catalog().schemaIsDatabase(),
        config.name());
  }

  static List<TableId> candidates(
      String qualifiedName, String database, boolean schemaIsDatabase, String pipeline) {
    String name = qualifiedName == null ? "" : qualifiedName;
    List<TableId> candidates = new ArrayList<>();
    for (int first = name.indexOf('.'); first > 0; first = name.indexOf('.', first + 1)) {
      String db = name.substring(0, first);
      String rest = name.substring(first + 1);
      if (schemaIsDatabase) {
        if (rest.startsWith(db + ".") && rest.length() > db.length() + 1) {
          candidates.add(new TableId(db, db, rest.substring(db.length() + 1)));
        }
      } else if (db.equals(database)) {
        for (int second = rest.indexOf('.'); second > 0; second = rest.indexOf('.', second + 1)) {
          if (second < rest.length() - 1) {
            candidates.add(new TableId(db, rest.substring(0, second), rest.substring(second + 1)));
          }
        }
      }
    }
    if (candidates.isEmpty()) {
      int dot = name.indexOf('.');
      if (!schemaIsDatabase && dot > 0 && name.indexOf('.', dot + 1) > dot + 1) {
        throw new IllegalArgumentException(
            "table "
                + name
                + " is in database '"
                + name.substring(0, dot)
                + "', but pipeline '"
                + pipeline
                + "' reads database '"
                + database
                + "'");
      }
      throw new IllegalArgumentException(
          "table '"
              + qualifiedName
              + "' is not a qualified source table name: expected database.schema.table, as"
              + " events and failed-rows records name tables (postgres.public.orders, or"
              + " shop.shop.orders on MariaDB/MySQL)");
    }
    return candidates;
  }

  /**
   * @throws IllegalStateException when either table is missing, their keys differ, or the target
   *     lacks a metadata column
   */
  Resolved resolve(Connection source, Connection target, List<TableId> candidates, int batchSize)
      throws SQLException {
    List<TableSchema> existing = new ArrayList<>();
    for (TableId candidate : candidates) {
      CatalogReader.describe(source, config.sourceEngine(), candidate.schema(), candidate.table())
          .ifPresent(existing::add);
    }
    TableId named = candidates.get(0);
    if (existing.isEmpty()) {
      throw new IllegalStateException(
          "source table "
              + named
              + " does not exist: force-sync reads rows from it, so it cannot"
              + " tell deleted rows from a dropped table. Sync rows of an"
              + " existing table.");
    }
    if (existing.size() > 1) {
      throw new IllegalStateException(
          "source table name "
              + named
              + " names "
              + existing.size()
              + " tables, whose schema and table names hold dots: "
              + existing.stream()
                  .map(t -> "schema '" + t.id().schema() + "' table '" + t.id().table() + "'")
                  .toList()
              + ". Force-sync cannot tell which is meant: rename one of them on the source.");
    }
    TableSchema replicated = selection.replicated(existing.get(0));
    TableId id = new TableId(named.database(), replicated.id().schema(), replicated.id().table());
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
