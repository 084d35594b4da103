package io.lockstep.recovery.sync;

import io.lockstep.catalog.RowImage;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetColumn;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableSchema;
import io.lockstep.types.Engine;
import io.lockstep.types.ValueNormaliser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Force-sync's reads and writes of one target table, every statement built by the target dialect:
 * rows by key in one query, and multi-row upserts and deletes that carry the position guard. The
 * caller owns the transaction.
 */
final class TargetRows {

  /** A row to write: the source image (null to delete) and the position to write it at. */
  record Write(Map<String, Object> key, RowImage image, String position) {}

  private final TargetDialect dialect;
  private final MetadataColumns metadata;
  private final Engine engine;
  private final TargetTable table;
  private final TableSchema source;

  /** {@code table}'s primary key is the source's key columns (checked by the caller). */
  TargetRows(
      TargetDialect dialect,
      MetadataColumns metadata,
      Engine engine,
      TargetTable table,
      TableSchema source) {
    this.dialect = dialect;
    this.metadata = metadata;
    this.engine = engine;
    this.table = table;
    this.source = source;
  }

  TargetTable table() {
    return table;
  }

  /**
   * Every column of the rows with {@code keys}, in the order of {@code keys} (empty where there is
   * no row), in one query; {@code lock} locks them until the transaction ends.
   */
  List<Optional<Map<String, Object>>> read(
      Connection connection, List<Map<String, Object>> keys, boolean lock) throws SQLException {
    List<String> columns = table.columns().stream().map(TargetColumn::name).toList();
    String sql = dialect.selectByKeysSql(table, columns, keys.size()) + (lock ? " FOR UPDATE" : "");
    Map<List<Object>, Map<String, Object>> rows = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = 1;
      for (Map<String, Object> key : keys) {
        index = bindKey(statement, index, key);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), Engines.of(engine).readComparable(rs, i + 1));
          }
          rows.put(normalisedKey(row), row);
        }
      }
    }
    List<Optional<Map<String, Object>>> result = new ArrayList<>(keys.size());
    for (Map<String, Object> key : keys) {
      result.add(Optional.ofNullable(rows.get(normalisedKey(key))));
    }
    return result;
  }

  /**
   * The target columns a source image writes: those both have, metadata and columns the target
   * generates excluded.
   */
  List<TargetColumn> columnsOf(RowImage image) {
    List<TargetColumn> columns = new ArrayList<>();
    for (TargetColumn column : table.columns()) {
      if (image.values().containsKey(column.name())
          && column.writable()
          && !metadata.isMetadata(column.name())) {
        columns.add(column);
      }
    }
    return columns;
  }

  /** Source columns of {@code image} that the target table lacks. */
  List<String> missingColumns(RowImage image) {
    return image.values().keySet().stream().filter(c -> table.column(c).isEmpty()).toList();
  }

  /** Upserts {@code rows} (all of one column set) with origin {@code origin}, at {@code now}. */
  void upsert(
      Connection connection,
      List<TargetColumn> columns,
      List<Write> rows,
      String origin,
      Instant now)
      throws SQLException {
    int chunk = dialect.maxRowsPerStatement(columns.size() + metadata.names().size());
    for (int from = 0; from < rows.size(); from += chunk) {
      List<Write> part = rows.subList(from, Math.min(rows.size(), from + chunk));
      try (PreparedStatement statement =
          connection.prepareStatement(dialect.upsertSql(table, columns, metadata, part.size()))) {
        int index = 1;
        for (Write row : part) {
          TableSchema schema = row.image().schema();
          for (TargetColumn column : columns) {
            ColumnSchema sourceColumn = schema.column(column.name()).orElseThrow();
            dialect.bindValue(
                statement, index++, column, sourceColumn, row.image().values().get(column.name()));
          }
          if (metadata.enabled()) {
            index = dialect.bindMetadata(statement, index, origin, now, row.position());
          }
        }
        statement.executeUpdate();
      }
    }
  }

  /** Deletes {@code rows} by key, each only where the stored position is not newer than its own. */
  void delete(Connection connection, List<Write> rows) throws SQLException {
    int chunk = dialect.maxRowsPerStatement(table.primaryKey().size() + 1);
    for (int from = 0; from < rows.size(); from += chunk) {
      List<Write> part = rows.subList(from, Math.min(rows.size(), from + chunk));
      try (PreparedStatement statement =
          connection.prepareStatement(dialect.deleteSql(table, metadata, part.size()))) {
        int index = 1;
        for (Write row : part) {
          index = bindKey(statement, index, row.key());
          if (metadata.enabled()) {
            statement.setString(index++, row.position());
          }
        }
        statement.executeUpdate();
      }
    }
  }

  /**
   * Whether a stored target row holds the source image: every column both have, compared through
   * the shared normaliser typed by the source column (design decision 9). Metadata columns and
   * columns the target lacks are not compared.
   */
  boolean holds(Map<String, Object> stored, RowImage image) {
    for (Map.Entry<String, Object> value : image.values().entrySet()) {
      String name = value.getKey();
      if (!stored.containsKey(name) || metadata.isMetadata(name)) {
        continue;
      }
      ColumnSchema column = image.schema().column(name).orElseThrow();
      if (!Objects.equals(
          ValueNormaliser.normalise(column, value.getValue()),
          ValueNormaliser.normalise(column, stored.get(name)))) {
        return false;
      }
    }
    return true;
  }

  /** The stored row's position, or null (no row, no metadata, or never written by Lockstep). */
  String storedPosition(Optional<Map<String, Object>> stored) {
    if (stored.isEmpty() || !metadata.enabled()) {
      return null;
    }
    Object position = stored.get().get(metadata.position());
    return position == null ? null : position.toString();
  }

  private int bindKey(PreparedStatement statement, int index, Map<String, Object> key)
      throws SQLException {
    for (String name : table.primaryKey()) {
      dialect.bindValue(
          statement,
          index++,
          table.column(name).orElseThrow(),
          source.column(name).orElseThrow(),
          key.get(name));
    }
    return index;
  }

  private List<Object> normalisedKey(Map<String, Object> row) {
    List<Object> key = new ArrayList<>(table.primaryKey().size());
    for (String name : table.primaryKey()) {
      key.add(ValueNormaliser.normalise(source.column(name).orElseThrow(), row.get(name)));
    }
    return key;
  }
}
