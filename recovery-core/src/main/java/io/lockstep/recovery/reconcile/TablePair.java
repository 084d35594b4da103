package io.lockstep.recovery.reconcile;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.TableNaming;
import io.lockstep.engine.ChecksumSql;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableSchema;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A source table and its target table as reconciliation compares them: the columns both have
 * (target metadata columns and columns the target lacks, pending backfill, left out; or only the
 * columns asked for), the key, and the SQL of each side.
 */
final class TablePair {

  /** How a row is hashed in the databases. */
  enum RowHash {
    /**
     * One engine of one major version whose row hash takes every column: the engine's hash of the
     * row's values ({@link ChecksumSql#recordHash}; PostgreSQL's {@code hash_record_extended}).
     */
    RECORD,
    /**
     * One engine otherwise: a hash of the row's own texts ({@link ChecksumSql#ownTextHash}; on
     * PostgreSQL a 64-bit hash of the row's text, on MariaDB/MySQL MD5 of the values' texts).
     */
    OWN_TEXT,
    /** Across engines: MD5 of the canonical texts ({@link ChecksumSql#canonicalText}). */
    CANONICAL
  }

  private static final Set<ColumnType> INTEGERS =
      Set.of(ColumnType.INT16, ColumnType.INT32, ColumnType.INT64);

  final TableSchema source;
  final TableSchema target;
  final List<ColumnSchema> compared;
  final List<ColumnSchema> keys;
  final List<String> notOnTarget;
  final boolean integerKey;
  final RowHash rowHash;
  final SideSql sourceSql;
  final SideSql targetSql;

  TablePair(
      TableSchema source,
      TableSchema target,
      List<ColumnSchema> compared,
      List<String> notOnTarget,
      Engine sourceEngine,
      Engine targetEngine,
      boolean sameMajorVersion) {
    this.source = source;
    this.target = target;
    this.compared = List.copyOf(compared);
    this.notOnTarget = List.copyOf(notOnTarget);
    this.keys = source.keyColumns().stream().map(k -> source.column(k).orElseThrow()).toList();
    this.integerKey =
        keys.size() == 1
            && INTEGERS.contains(keys.get(0).type())
            && INTEGERS.contains(target.column(keys.get(0).name()).orElseThrow().type());
    List<ColumnSchema> onTarget =
        compared.stream().map(c -> target.column(c.name()).orElseThrow()).toList();
    boolean sameEngine = sourceEngine == targetEngine;
    ChecksumSql sourceChecksum = Engines.of(sourceEngine).checksumSql();
    ChecksumSql targetChecksum = Engines.of(targetEngine).checksumSql();
    this.rowHash =
        !sameEngine
            ? RowHash.CANONICAL
            : sameMajorVersion
                    && sourceChecksum.recordHashes(compared)
                    && targetChecksum.recordHashes(onTarget)
                ? RowHash.RECORD
                : RowHash.OWN_TEXT;
    List<Boolean> inJava = new ArrayList<>();
    for (int i = 0; i < compared.size(); i++) {
      ColumnSchema column = compared.get(i);
      inJava.add(
          !sameEngine
              && (sourceChecksum.canonicalText(column, column, "c").isEmpty()
                  || targetChecksum.canonicalText(column, onTarget.get(i), "c").isEmpty()));
    }
    this.sourceSql =
        new SideSql(
            sourceEngine,
            rowHash,
            source.id().schema(),
            source.id().table(),
            this,
            compared,
            inJava);
    this.targetSql =
        new SideSql(
            targetEngine,
            rowHash,
            target.id().schema(),
            target.id().table(),
            this,
            onTarget,
            inJava);
  }

  /**
   * Reads both catalogs. {@code source} is the table as the pipeline replicates it (excluded
   * columns removed, keyed as configured); {@code onlyColumns}, when not empty, narrows the
   * comparison to those columns (the key is always compared).
   *
   * @throws IllegalArgumentException naming the table and the fix when the target table or a key
   *     column is missing, or an asked-for column is not on both sides
   */
  static TablePair describe(
      TableSchema source,
      Engine sourceEngine,
      Connection target,
      Engine targetEngine,
      TableNaming.TargetName targetName,
      MetadataColumns metadata,
      List<String> onlyColumns,
      boolean sameMajorVersion)
      throws SQLException {
    TableSchema onTarget =
        CatalogReader.describe(target, targetEngine, targetName.schema(), targetName.table())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "target table "
                            + targetName
                            + " of source table "
                            + source.id().schemaQualifiedName()
                            + " does not exist: create it (lockstep schema --apply) or check"
                            + " target.schema and target.table-renames"));
    for (String key : source.keyColumns()) {
      if (onTarget.column(key).isEmpty()) {
        throw new IllegalArgumentException(
            "key column '"
                + key
                + "' of "
                + source.id().schemaQualifiedName()
                + " is missing on target table "
                + targetName
                + ": rows cannot be matched; add the column on the target");
      }
    }
    for (String asked : onlyColumns) {
      if (source.column(asked).isEmpty() || onTarget.column(asked).isEmpty()) {
        throw new IllegalArgumentException(
            "column '"
                + asked
                + "' is not on both "
                + source.id().schemaQualifiedName()
                + " and "
                + targetName
                + ": compare only columns both tables have");
      }
    }
    List<ColumnSchema> compared = new ArrayList<>();
    List<String> notOnTarget = new ArrayList<>();
    for (ColumnSchema column : source.columns()) {
      boolean key = source.keyColumns().contains(column.name());
      if (onTarget.column(column.name()).isEmpty()) {
        notOnTarget.add(column.name());
      } else if (key
          || !metadata.isMetadata(column.name())
              && (onlyColumns.isEmpty() || onlyColumns.contains(column.name()))) {
        compared.add(column);
      }
    }
    return new TablePair(
        source, onTarget, compared, notOnTarget, sourceEngine, targetEngine, sameMajorVersion);
  }

  /** {@code schema.table} of the source. */
  String name() {
    return source.id().schemaQualifiedName();
  }

  /** Columns compared in Java, not in the databases' checksums. */
  List<String> comparedInJava() {
    return sourceSql.javaColumns().stream().map(ColumnSchema::name).toList();
  }
}
