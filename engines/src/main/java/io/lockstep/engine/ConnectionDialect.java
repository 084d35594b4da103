package io.lockstep.engine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How one engine's JDBC driver is reached and how Lockstep's sessions on it are set up. {@code
 * io.lockstep.engines.DataSources} opens every connection and pool with it, the same way on every
 * engine.
 */
public interface ConnectionDialect {

  /** The port a server of this engine usually listens on. */
  int defaultPort();

  /** The JDBC URL of {@code database} on {@code host:port}. */
  String jdbcUrl(String host, int port, String database);

  /**
   * Driver properties that show the server who a session is (PostgreSQL's {@code ApplicationName});
   * none where the driver has no such property.
   */
  Map<String, String> applicationName(String name);

  /** Driver properties that bound how long connecting may take, in the driver's own unit. */
  Map<String, String> connectTimeout(Duration timeout);

  /**
   * The statement every writing session runs first (MariaDB/MySQL: the strict {@code sql_mode} that
   * refuses values instead of altering them), or empty.
   */
  Optional<String> sessionSetupSql();
}
