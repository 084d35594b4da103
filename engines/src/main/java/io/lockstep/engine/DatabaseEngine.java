package io.lockstep.engine;

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
 * defaults, its reconciliation SQL, its sequences, its connections, the start-up checks of a source
 * and the form of its positions. Each engine's implementation lives in its own package ({@code
 * engine.postgres}, {@code engine.mariadb}) and is chosen by {@code io.lockstep.engines.Engines};
 * code outside those packages asks the engine instead of branching on {@link Engine}.
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

  /**
   * The select-list expression reading the column {@code quoted} (its quoted name) as this engine's
   * own text of the value, which compares exactly between two servers of this engine.
   */
  String textExpression(String quoted);

  /**
   * The JDBC fetch size a whole table is read with on this engine (0: the driver's default).
   * PostgreSQL's driver holds a whole result in memory unless given one (in a transaction).
   */
  int tableReadFetchSize();

  /** The catalog queries and native type names of this engine. */
  CatalogDialect catalog();

  /** How a source row of this engine is read in the form its change events carry. */
  SourceRowDialect sourceRows();

  /** How this engine spells column defaults. */
  DefaultSyntax defaults();

  /** Its JDBC URL, driver properties and session setup. */
  ConnectionDialect connections();

  /** The start-up checks of a source of this engine. */
  SourceChecks sourceChecks();

  /** Its indexes, constraints, generated columns and comments, read and created. */
  SchemaDdl schemaDdl();

  /** The port a server of this engine usually listens on. */
  default int defaultPort() {
    return connections().defaultPort();
  }

  /** The JDBC URL of {@code database} on {@code host:port}. */
  default String jdbcUrl(String host, int port, String database) {
    return connections().jdbcUrl(host, port, database);
  }

  /**
   * The statement every writing session runs first (MariaDB/MySQL: a strict {@code sql_mode}), or
   * empty.
   */
  default Optional<String> sessionSetupSql() {
    return connections().sessionSetupSql();
  }

  /** The SQL fragments reconciliation runs on a side of this engine. */
  ChecksumSql checksumSql();

  /** A table's sequences on this engine, as cutover reads and sets them. */
  Sequences sequences();

  /**
   * The position of snapshot reads of {@code epoch} in the form of this engine's source positions
   * ({@link io.lockstep.event.SourcePosition}): the lowest position of that epoch.
   */
  String snapshotPosition(long epoch);
}
