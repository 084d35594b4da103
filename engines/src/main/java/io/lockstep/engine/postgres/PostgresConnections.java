package io.lockstep.engine.postgres;

import io.lockstep.engine.ConnectionDialect;
import io.lockstep.types.Engine;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** PostgreSQL's JDBC URL and driver properties. */
final class PostgresConnections implements ConnectionDialect {

  @Override
  public int defaultPort() {
    return Engine.POSTGRES.defaultPort();
  }

  @Override
  public String jdbcUrl(String host, int port, String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public Map<String, String> applicationName(String name) {
    return Map.of("ApplicationName", name);
  }

  /** Seconds in the PostgreSQL driver. */
  @Override
  public Map<String, String> connectTimeout(Duration timeout) {
    return Map.of("connectTimeout", Long.toString(timeout.toSeconds()));
  }

  @Override
  public Optional<String> sessionSetupSql() {
    return Optional.empty();
  }
}
