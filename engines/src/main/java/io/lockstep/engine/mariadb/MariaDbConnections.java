package io.lockstep.engine.mariadb;

import io.lockstep.engine.ConnectionDialect;
import io.lockstep.types.Engine;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** MariaDB/MySQL's JDBC URL, driver properties and session setup. */
final class MariaDbConnections implements ConnectionDialect {

  /**
   * Without strict mode a MariaDB/MySQL server cuts a value too long for its column, clamps an
   * out-of-range number and stores a bad date as zeros, with a warning only; strict, it refuses the
   * row, which then goes to the dead-letter topic with the reason. NO_AUTO_VALUE_ON_ZERO keeps a
   * replicated key 0 in an AUTO_INCREMENT column (lockstep schema makes generated keys
   * AUTO_INCREMENT) instead of letting the server replace it by the next generated value.
   */
  static final String STRICT_SESSION =
      "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
          + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO'";

  @Override
  public int defaultPort() {
    return Engine.MARIADB.defaultPort();
  }

  /**
   * MariaDB/MySQL connections keep the session in UTC, so that TIMESTAMP values are read and
   * written as the instants they are.
   */
  @Override
  public String jdbcUrl(String host, int port, String database) {
    return "jdbc:mariadb://"
        + host
        + ":"
        + port
        + "/"
        + database
        + "?sessionVariables=time_zone='+00:00'";
  }

  @Override
  public Map<String, String> applicationName(String name) {
    return Map.of();
  }

  /** Milliseconds in the MariaDB driver. */
  @Override
  public Map<String, String> connectTimeout(Duration timeout) {
    return Map.of("connectTimeout", Long.toString(timeout.toMillis()));
  }

  @Override
  public Optional<String> sessionSetupSql() {
    return Optional.of(STRICT_SESSION);
  }

  /** One SET statement: the driver runs one statement per query unless allowMultiQueries. */
  @Override
  public Optional<String> sessionSetupSql(boolean replica) {
    return Optional.of(replica ? STRICT_SESSION + ", foreign_key_checks = 0" : STRICT_SESSION);
  }

  @Override
  public String replicaSessionProblem(String user, String error) {
    return "user '"
        + user
        + "' cannot set foreign_key_checks = 0 for its session ("
        + error
        + "); set apply.replica-session: false if the target tables have no foreign keys.";
  }
}
