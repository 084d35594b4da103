package io.lockstep.engine;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableSchema;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The SQL of one target engine. Dialects are immutable and stateless: everything a statement needs
 * is passed in, so one instance serves every table and thread.
 *
 * <p>Upserts and deletes carry the source position and only replace a row whose stored position is
 * not newer (the position guard, design decision 3), so replaying changes never regresses a row.
 * Statements are multi-row: one round trip writes up to {@link #maxRowsPerStatement} rows.
 */
public interface TargetDialect extends Serializable {

  /** Short name used in configuration, for example {@code postgres}. */
  String name();

  String quoteIdentifier(String identifier);

  /** The table's columns and primary key, or empty when the table does not exist. */
  Optional<TargetTable> describeTable(Connection connection, String schema, String table)
      throws SQLException;

  /**
   * Statements creating a target table for a source table: its columns with the source's types (no
   * lengths or precisions: wider, never narrower) and its key as primary key.
   */
  default List<String> createTableSql(String schema, String table, TableSchema source) {
    return createTableSql(schema, table, source, Map.of());
  }

  /**
   * {@link #createTableSql(String, String, TableSchema)} with, for some columns, a clause to end
   * their definition: a {@code DEFAULT}, an identity or AUTO_INCREMENT ({@link
   * io.lockstep.engine.ColumnDefaults}).
   */
  default List<String> createTableSql(
      String schema, String table, TableSchema source, Map<String, String> columnClauses) {
    return createTableSql(schema, table, source, columnClauses, List.of());
  }

  /**
   * {@link #createTableSql(String, String, TableSchema, Map)} with more table elements after the
   * primary key: check constraints ({@link SchemaDdl#checkElement}). A column whose clause makes it
   * generated ({@link SchemaDdl#generatedClause}) is declared as the engine requires it.
   */
  List<String> createTableSql(
      String schema,
      String table,
      TableSchema source,
      Map<String, String> columnClauses,
      List<String> tableElements);

  /** Statements adding the metadata columns {@code table} lacks; empty when it has them all. */
  List<String> addMissingMetadataColumns(TargetTable table, MetadataColumns metadata);

  /**
   * An upsert of {@code rows} rows writing {@code columns} (which include the primary key), then
   * the metadata columns when enabled. Parameters: per row, each column in order, then origin,
   * commit time and position.
   */
  String upsertSql(
      TargetTable table, List<TargetColumn> columns, MetadataColumns metadata, int rows);

  /**
   * A delete of {@code rows} rows by primary key. Parameters: per row, each key column in order,
   * then the position when metadata is enabled.
   */
  String deleteSql(TargetTable table, MetadataColumns metadata, int rows);

  /**
   * Whether rows of {@code columns} can be written column-wise: one array parameter per column, so
   * that one statement text (prepared once on the server) serves any number of rows. Where it
   * cannot, the row-wise statements above are used.
   */
  default boolean supportsColumnArrays(TargetTable table, List<TargetColumn> columns) {
    return false;
  }

  /**
   * The column-wise form of {@link #upsertSql}: parameters are one array per column in order, then
   * origin, commit-time and position arrays when metadata is enabled.
   */
  default String upsertArraysSql(
      TargetTable table, List<TargetColumn> columns, MetadataColumns metadata) {
    throw new UnsupportedOperationException(name() + " does not write column arrays");
  }

  /**
   * The column-wise form of {@link #deleteSql}: one array per key column, then the positions when
   * metadata is enabled.
   */
  default String deleteArraysSql(TargetTable table, MetadataColumns metadata) {
    throw new UnsupportedOperationException(name() + " does not write column arrays");
  }

  /**
   * The text a column-wise statement carries for one value (null for SQL NULL): the target parses
   * it as the column's type.
   */
  default String arrayElement(ColumnSchema source, Object value) {
    throw new UnsupportedOperationException(name() + " does not write column arrays");
  }

  /** Binds one column's values, as {@link #arrayElement} texts. */
  default void bindArray(PreparedStatement statement, int index, String[] elements)
      throws SQLException {
    throw new UnsupportedOperationException(name() + " does not write column arrays");
  }

  /** Binds one column value, typed as the source column describes it, for the target column. */
  void bindValue(
      PreparedStatement statement,
      int index,
      TargetColumn target,
      ColumnSchema source,
      Object value)
      throws SQLException;

  /** Binds the metadata values of one row: origin, commit time, position. */
  int bindMetadata(
      PreparedStatement statement,
      int index,
      String origin,
      java.time.Instant commitTime,
      String position)
      throws SQLException;

  /**
   * A query reading {@code columns} of the rows of {@code table} whose primary key is one of {@code
   * rows} keys, bound in key order through {@link #bindValue} (the verifier's batched lookups).
   */
  default String selectByKeysSql(TargetTable table, List<String> columns, int rows) {
    StringJoiner select = new StringJoiner(", ");
    columns.forEach(c -> select.add(quoteIdentifier(c)));
    StringJoiner keyNames = new StringJoiner(", ", "(", ")");
    StringJoiner keyRow = new StringJoiner(", ", "(", ")");
    for (String key : table.primaryKey()) {
      keyNames.add(quoteIdentifier(key));
      keyRow.add(keyPlaceholder(table.column(key).orElseThrow()));
    }
    StringJoiner keys = new StringJoiner(", ");
    for (int i = 0; i < rows; i++) {
      keys.add(keyRow.toString());
    }
    return "SELECT "
        + select
        + " FROM "
        + quoteIdentifier(table.schema())
        + "."
        + quoteIdentifier(table.name())
        + " WHERE "
        + keyNames
        + " IN ("
        + keys
        + ")";
  }

  /** The placeholder of a key value in a statement: {@code ?}, or a cast of it. */
  default String keyPlaceholder(TargetColumn column) {
    return "?";
  }

  /** How many rows fit in one statement of {@code parametersPerRow} bind parameters. */
  int maxRowsPerStatement(int parametersPerRow);

  /**
   * Whether an error is transient (connection lost, failover, deadlock, serialization failure, lock
   * timeout): worth retrying as it is, never a reason to reject the row.
   */
  boolean isTransient(SQLException error);

  /**
   * Statements creating the apply job's bookkeeping tables in {@code schema} if they are missing:
   * {@code lockstep_epoch}, {@code lockstep_tables}, {@code lockstep_pending_backfill} and {@code
   * lockstep_truncations}.
   */
  List<String> stateTablesDdl(String schema);

  /**
   * Reads the pipeline's epoch, creating it at 0 if missing, and locks it until the transaction
   * ends: shared, or {@code exclusive} to raise it. Parameter: pipeline.
   */
  String lockEpochSql(String schema, boolean exclusive);

  /** Creates the pipeline's epoch row at 0 unless it exists. Parameter: pipeline. */
  String insertEpochSql(String schema);

  /** Sets the pipeline's epoch. Parameters: epoch, pipeline. */
  String updateEpochSql(String schema);

  /**
   * Adds to the record of values the target could not take because it lacked their column.
   * Parameters: pipeline, table schema, table name, column, first position, last position, number
   * of row changes.
   */
  String recordPendingBackfillSql(String schema);

  /** Records that the pipeline writes a table. Parameters: pipeline, table schema, table name. */
  String registerTableSql(String schema);

  /** The tables the pipeline writes. Parameter: pipeline. Columns: table schema, table name. */
  String registeredTablesSql(String schema);

  /**
   * Deletes the rows of a table whose position is below a floor: what an earlier epoch wrote and
   * the new snapshot did not write again. Parameter: the floor position.
   */
  String sweepSql(String tableSchema, String tableName, MetadataColumns metadata);

  /**
   * Records the newest truncate of a target table, keeping the greater position when one is
   * recorded already. Parameters: pipeline, table schema, table name, position.
   */
  String recordTruncationSql(String schema);

  /**
   * The position of the newest truncate of each target table the pipeline writes. Parameter:
   * pipeline. Columns: table schema, table name, position.
   */
  String truncationsSql(String schema);

  /**
   * Deletes what a truncate removed from a table: with metadata columns, the rows whose position is
   * below the truncate's or unknown (parameter: the truncate's position); without them, every row
   * (no parameter).
   */
  String truncateSql(String tableSchema, String tableName, MetadataColumns metadata);
}
