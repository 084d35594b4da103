package io.lockstep.types;

import io.lockstep.event.SourcePosition;
import java.util.Locale;

/** A database engine Lockstep reads from or writes to. */
public enum Engine {
  /** PostgreSQL 11 and later. */
  POSTGRES("postgres", "PostgreSQL", SourcePosition.Form.LSN),
  /** MariaDB 10.6 and later, and MySQL 8 (the same protocol, binlog and SQL for what we use). */
  MARIADB("mariadb", "MariaDB/MySQL", SourcePosition.Form.BINLOG);

  private final String configName;
  private final String displayName;
  private final SourcePosition.Form positionForm;

  Engine(String configName, String displayName, SourcePosition.Form positionForm) {
    this.configName = configName;
    this.displayName = displayName;
    this.positionForm = positionForm;
  }

  /** The form of the positions a capture of this engine writes. */
  public SourcePosition.Form positionForm() {
    return positionForm;
  }

  /** The name used in pipeline files ({@code source.type}, {@code target.type}). */
  public String configName() {
    return configName;
  }

  /** The engine's name for people: {@code PostgreSQL}, {@code MariaDB/MySQL}. */
  public String displayName() {
    return displayName;
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
