package io.lockstep.config;

/** The values of {@code source.type} and {@code target.type}. */
public enum DatabaseType implements Choice {
  /** PostgreSQL. */
  POSTGRES("postgres"),
  /** MariaDB. */
  MARIADB("mariadb"),
  /** MySQL 8, read and written as MariaDB is. */
  MYSQL("mysql");

  private final String word;

  DatabaseType(String word) {
    this.word = word;
  }

  @Override
  public String word() {
    return word;
  }

  @Override
  public String toString() {
    return word;
  }
}
