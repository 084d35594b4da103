package io.lockstep.types;

import java.util.Locale;

/** A database engine Lockstep reads from or writes to. */
public enum Engine {
  /** PostgreSQL 11 and later. */
  POSTGRES("postgres"),
  /** MariaDB 10.6 and later, and MySQL 8 (the same protocol, binlog and SQL for what we use). */
  MARIADB("mariadb");

  private final String configName;

  Engine(String configName) {
    this.configName = configName;
  }

  /** The name used in pipeline files ({@code source.type}, {@code target.type}). */
  public String configName() {
    return configName;
  }

  /** The engine's name for people: {@code PostgreSQL}, {@code MariaDB/MySQL}. */
  public String displayName() {
    return this == POSTGRES ? "PostgreSQL" : "MariaDB/MySQL";
  }

  /** The engine named in a pipeline file; {@code mysql} is the MariaDB/MySQL family. */
  public static Engine fromConfig(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "postgres", "postgresql" -> POSTGRES;
      case "mariadb", "mysql" -> MARIADB;
      default ->
          throw new IllegalArgumentException(
              "unknown engine '" + name + "': use postgres, mariadb or mysql");
    };
  }
}
