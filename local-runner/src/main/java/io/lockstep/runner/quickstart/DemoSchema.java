package io.lockstep.runner.quickstart;

import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The quickstart's tables: a small shop whose columns cover the common types of its engine, as
 * {@link PostgresDemo} and {@link MariaDbDemo} declare them.
 */
public final class DemoSchema {

  public static final String SCHEMA = "shop";

  public static final List<String> TABLES = List.of("customers", "orders", "payments");

  private DemoSchema() {}

  /** Creates the shop on PostgreSQL. */
  public static void create(Connection connection) throws SQLException {
    create(connection, new PostgresDemo());
  }

  /** Creates the shop on {@code engine}, in that engine's types ({@link DemoDialect}). */
  public static void create(Connection connection, Engine engine) throws SQLException {
    create(connection, DemoDialect.of(engine));
  }

  private static void create(Connection connection, DemoDialect demo) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : demo.ddl()) {
        statement.execute(ddl);
      }
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }
}
