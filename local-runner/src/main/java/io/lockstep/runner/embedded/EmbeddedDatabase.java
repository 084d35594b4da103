package io.lockstep.runner.embedded;

import io.lockstep.types.Engine;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A database server the runner starts in a child process for the embedded default and the tests:
 * PostgreSQL or MariaDB. It can be stopped and started again on the same port and data, as a real
 * server restarts.
 */
public interface EmbeddedDatabase extends AutoCloseable {

  Engine engine();

  String host();

  int port();

  /** The database connections open in, and that a pipeline file names. */
  String database();

  /** A JDBC URL of {@link #database()}, for people to connect with. */
  String jdbcUrl();

  /** The administrator account the embedded server trusts without a password. */
  String user();

  /** A new connection as {@link #user()}, in auto-commit mode. */
  Connection connect() throws SQLException;

  /** Starts the server process (again), on the port and data it had. */
  void startServer() throws IOException;

  /** Stops the server process, keeping its data, as a crash or a restart would. */
  void stopServer() throws IOException;

  @Override
  void close() throws IOException;
}
