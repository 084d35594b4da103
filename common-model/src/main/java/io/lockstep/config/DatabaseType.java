package io.lockstep.config;

/** The values of {@code source.type} and {@code target.type}. */
public enum DatabaseType implements Choice {
  /** PostgreSQL. */
  POSTGRES,
  /** MariaDB. */
  MARIADB,
  /** MySQL 8, read and written as MariaDB is. */
  MYSQL;
}
