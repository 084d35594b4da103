package io.lockstep.engine;

import com.zaxxer.hikari.HikariConfig;
import io.lockstep.event.ColumnSchema;
import io.lockstep.types.Engine;
import java.io.Serializable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Everything Lockstep does differently on one database engine, behind one interface: its target SQL
 * ({@link #dialect()}), the target type of a source column, the values it cannot hold, how its
 * driver reads a value for comparison, its catalog and source-row reads, the syntax of column
 * defaults, its reconciliation SQL, its sequences, its sessions and the form of its positions. Each
 * engine's implementation lives in its own package ({@code engine.postgres}, {@code
 * engine.mariadb}) and is chosen by {@code io.lockstep.engines.Engines}; code outside those
 * packages asks the engine instead of branching on {@link Engine}.
 *
 * <p>Implementations are stateless and immutable, so they may be held by Flink operators.
 */
public interface DatabaseEngine extends Serializable {

  /** Which engine this is. */
  Engine id();

  /**
   * The SQL the apply job, the schema bootstrap and the checks write to a target of this engine.
   */
  TargetDialect dialect();

  /**
   * The DDL type of {@code source} on a target of this engine, for example {@code numeric(20,0)} or
   * {@code datetime(6)} (docs/type-mapping.md).
   */
  String targetType(ColumnSchema source);

  /**
   * Why {@code value} (the event's Java value of {@code source}, not null) cannot be written to the
   * column {@link #targetType} gives it on this engine, or empty when it can.
   */
  Optional<String> valueProblem(ColumnSchema source, Object value);

  /**
   * The value of column {@code index} of the current row, read in the form that loses nothing, for
   * comparison ({@code ValueNormaliser}).
   */
  Object readComparable(ResultSet rs, int index) throws SQLException;

  /** The catalog queries and native type names of this engine. */
  CatalogDialect catalog();

  /** How a source row of this engine is read in the form its change events carry. */
  SourceRowDialect sourceRows();

  /** How this engine spells column defaults. */
  DefaultSyntax defaults();

  /** The SQL fragments reconciliation runs on a side of this engine. */
  ChecksumSql checksumSql();

  /** A table's sequences on this engine, as cutover reads and sets them. */
  Sequences sequences();

  /**
   * The position of snapshot reads of {@code epoch} in the form of this engine's source positions
   * ({@link io.lockstep.event.SourcePosition}): the lowest position of that epoch.
   */
  String snapshotPosition(long epoch);

  /**
   * Sets up the sessions of a pool of connections to this engine as the apply job's are: on
   * MariaDB/MySQL a strict {@code sql_mode} (refuse values instead of cutting them, keep a key 0 in
   * an AUTO_INCREMENT column); on PostgreSQL the {@code ApplicationName} {@code name}.
   */
  void configureSessions(HikariConfig hikari, String name);
}
