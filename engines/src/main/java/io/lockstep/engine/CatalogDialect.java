package io.lockstep.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One engine's catalog: the queries that read a table's columns, defaults and key and the schemas
 * of a server, and how its column types are named in change events. {@code
 * io.lockstep.catalog.CatalogReader} runs them the same way on every engine.
 */
public interface CatalogDialect {

  /**
   * Columns of a table (parameters: schema, table), in order, as: name, catalog type, is_nullable,
   * character length, numeric precision, numeric scale, datetime precision, data type.
   */
  String columnsSql();

  /**
   * Column defaults (parameters: schema, table): name, the default's text, and whether the database
   * generates the column (identity, serial, AUTO_INCREMENT).
   */
  String defaultsSql();

  /** The schemas (databases on MariaDB/MySQL) that hold user tables, by name. */
  String schemasSql();

  /**
   * The tables of a schema (parameter: schema), by name, without views and without the partitions
   * of a partitioned table: Lockstep captures and writes a partitioned table as its root, so a
   * partition is never a table of its own to it (PostgreSQL lists its partitions as tables;
   * MariaDB/MySQL do not).
   */
  String tablesSql();

  /**
   * Every partition in the database that its catalog lists as a table of its own, at any level,
   * with its root (no parameters): schema, name, root's schema, root's name; empty on engines whose
   * partitions are not tables (MariaDB/MySQL).
   */
  Optional<String> partitionsSql();

  /** The primary key's columns of a table (parameters: schema, table), in key order. */
  String primaryKeySql();

  /**
   * The native type name as change events carry it: PostgreSQL's udt name ({@code int4}, {@code
   * _text}); MariaDB's column type upper case without display width ({@code BIGINT UNSIGNED}).
   */
  String nativeName(String catalogType);

  /**
   * The logical type of a catalog type; {@code length} is the declared length the catalog gives
   * ({@code character_maximum_length}).
   */
  CatalogType logical(String catalogType, Integer length);

  /**
   * Whether the declared length of a column of this catalog type is its numeric precision (MariaDB
   * BIT(n) reports its n there).
   */
  boolean lengthIsPrecision(String catalogType);

  /** The database a table of {@code schema} is in, as change events name it. */
  String database(Connection connection, String schema) throws SQLException;

  /**
   * Whether a schema is a database on this engine (MariaDB/MySQL), so that change events name a
   * table's database by its schema; otherwise every table is in the one database the pipeline
   * reads.
   */
  boolean schemaIsDatabase();
}
