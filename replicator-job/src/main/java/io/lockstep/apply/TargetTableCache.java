package io.lockstep.apply;

import io.lockstep.config.TableNaming;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the apply job knows of target tables: read from the target's catalog on first use, with the
 * metadata columns added where missing, and checked against the source key.
 *
 * <p>DDL in any order (design decision 6): while source rows carry columns the cached table lacks,
 * the catalog is read again once per write transaction, so a column added on the target after the
 * source is used from the next write on. A dropped or retyped target column surfaces as an error,
 * after which the writer invalidates the cache and tries again.
 */
final class TargetTableCache {

  private static final Logger LOG = LoggerFactory.getLogger(TargetTableCache.class);

  private record Entry(TargetTable table, long loadedIn) {}

  private long transaction;

  private final TargetDialect dialect;
  private final MetadataColumns metadata;
  private final boolean addMissingMetadata;
  private final TableNaming naming;
  private final boolean createMissingTables;
  private final Map<TableId, Entry> tables = new HashMap<>();

  TargetTableCache(
      TargetDialect dialect,
      MetadataColumns metadata,
      boolean addMissingMetadata,
      TableNaming naming,
      boolean createMissingTables) {
    this.dialect = dialect;
    this.metadata = metadata;
    this.addMissingMetadata = addMissingMetadata;
    this.naming = naming;
    this.createMissingTables = createMissingTables;
  }

  /** Marks the start of a write transaction. */
  void beginTransaction() {
    transaction++;
  }

  TargetTable get(Connection connection, TableSchema source) throws SQLException {
    Entry entry = tables.get(source.id());
    if (entry == null || (entry.loadedIn() != transaction && lacksSomeOf(entry.table(), source))) {
      entry = new Entry(load(connection, source), transaction);
      tables.put(source.id(), entry);
    }
    return entry.table();
  }

  /**
   * The target table of {@code source} for a statement that names no row (a truncate): read from
   * the catalog with its metadata columns added as {@link #get} does, but neither created when
   * missing nor checked against a key, and not cached. Empty when the target lacks it.
   */
  Optional<TargetTable> find(Connection connection, TableId source) throws SQLException {
    TableNaming.TargetName target = naming.target(source);
    Optional<TargetTable> existing =
        dialect.describeTable(connection, target.schema(), target.table());
    return existing.isEmpty() ? existing : Optional.of(withMetadata(connection, existing.get()));
  }

  private static boolean lacksSomeOf(TargetTable table, TableSchema source) {
    return source.columns().stream().anyMatch(c -> table.column(c.name()).isEmpty());
  }

  /** Forgets every table, so that the next use reads the catalog again. */
  void invalidate() {
    tables.clear();
  }

  private TargetTable load(Connection connection, TableSchema source) throws SQLException {
    TableNaming.TargetName target = naming.target(source.id());
    String schema = target.schema();
    String name = target.table();
    Optional<TargetTable> existing = dialect.describeTable(connection, schema, name);
    if (existing.isEmpty() && createMissingTables) {
      LOG.warn(
          "Target table {}.{} does not exist; creating it from source table {}"
              + " (apply.missing-tables: create)",
          schema,
          name,
          source.id());
      try (Statement statement = connection.createStatement()) {
        for (String ddl : dialect.createTableSql(schema, name, source)) {
          statement.execute(ddl);
        }
      }
      connection.commit();
      existing = dialect.describeTable(connection, schema, name);
    }
    TargetTable table =
        existing.orElseThrow(
            () ->
                new MissingTargetTableException(
                    "target table "
                        + schema
                        + "."
                        + name
                        + " does not exist (source table "
                        + source.id()
                        + "). Create it on the target with the source's columns and primary"
                        + " key; apply waits for it (or set apply.missing-tables: create)."));
    table = withMetadata(connection, table);
    // The primary key, or a unique key on exactly the source's key columns (source.key-columns).
    TargetTable described = table;
    return table
        .keyedBy(source.keyColumns())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    described.keyProblem(source.keyColumns())
                        + " (source table "
                        + source.id()
                        + ")"));
  }

  /** {@code table} with the metadata columns it lacks added, or an error saying how to add them. */
  private TargetTable withMetadata(Connection connection, TargetTable table) throws SQLException {
    List<String> missing = dialect.addMissingMetadataColumns(table, metadata);
    if (!missing.isEmpty()) {
      if (!addMissingMetadata) {
        throw new IllegalStateException(
            "target table "
                + table.qualifiedName()
                + " lacks the metadata columns "
                + metadata.names()
                + ". Add them, set apply.metadata-columns.add-missing: true,"
                + " or turn them off with apply.metadata-columns.enabled: false.");
      }
      try (Statement statement = connection.createStatement()) {
        for (String ddl : missing) {
          statement.execute(ddl);
        }
      }
      connection.commit();
      table = dialect.describeTable(connection, table.schema(), table.name()).orElseThrow();
    }
    return table;
  }
}
