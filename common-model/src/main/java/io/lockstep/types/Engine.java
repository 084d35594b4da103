package io.lockstep.types;

import io.lockstep.event.SourcePosition;
import java.util.Locale;

/** A database engine Lockstep reads from or writes to. */
public enum Engine {
  /** PostgreSQL 11 and later. */
  POSTGRES("postgres", "PostgreSQL", SourcePosition.Form.LSN, 5432, false, '"', false),
  /** MariaDB 10.6 and later, and MySQL 8 (the same protocol, binlog and SQL for what we use). */
  MARIADB("mariadb", "MariaDB/MySQL", SourcePosition.Form.BINLOG, 3306, true, '`', true);

  private final String configName;
  private final String displayName;
  private final SourcePosition.Form positionForm;
  private final int defaultPort;
  private final boolean schemaIsDatabase;
  private final char identifierQuote;
  private final boolean upperCaseTypes;

  Engine(
      String configName,
      String displayName,
      SourcePosition.Form positionForm,
      int defaultPort,
      boolean schemaIsDatabase,
      char identifierQuote,
      boolean upperCaseTypes) {
    this.configName = configName;
    this.displayName = displayName;
    this.positionForm = positionForm;
    this.defaultPort = defaultPort;
    this.schemaIsDatabase = schemaIsDatabase;
    this.identifierQuote = identifierQuote;
    this.upperCaseTypes = upperCaseTypes;
  }

  /** The form of the positions a capture of this engine writes. */
  public SourcePosition.Form positionForm() {
    return positionForm;
  }

  /** The port a server of this engine usually listens on. */
  public int defaultPort() {
    return defaultPort;
  }

  /**
   * Whether a table's schema is its database (MariaDB/MySQL), so that change events name it in
   * {@code TableId.database()}; otherwise the schema is a namespace inside the database.
   */
  public boolean schemaIsDatabase() {
    return schemaIsDatabase;
  }

  /**
   * {@code identifier} quoted for SQL on this engine: in double quotes, or in backquotes on
   * MariaDB/MySQL; the quote character inside it is doubled.
   */
  public String quote(String identifier) {
    String quote = String.valueOf(identifierQuote);
    return quote + identifier.replace(quote, quote + quote) + quote;
  }

  /**
   * A type name ({@code varchar(64)}, {@code text}) as this engine's own DDL spells it: upper case
   * on MariaDB/MySQL, as given elsewhere.
   */
  public String typeName(String name) {
    return upperCaseTypes ? name.toUpperCase(Locale.ROOT) : name;
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
