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

  /**
   * {@code replica}: foreign keys are checked by triggers the server fires only in the {@code
   * origin} role, as are user triggers (unless enabled {@code ALWAYS} or {@code REPLICA}): a target
   * that is a replica should not run the application's triggers a second time either.
   */
  @Override
  public Optional<String> sessionSetupSql(boolean replica) {
    return replica ? Optional.of("SET session_replication_role = replica") : sessionSetupSql();
  }

  @Override
  public String replicaSessionProblem(String user, String error) {
    return "user '"
        + user
        + "' may not set session_replication_role, which the apply job sets to 'replica' so that"
        + " the target's foreign keys do not refuse a child row applied before its parent ("
        + error
        + "). Make the user a superuser, or on PostgreSQL 15 and later run 'GRANT SET ON PARAMETER"
        + " session_replication_role TO \""
        + user
        + "\"', or set apply.replica-session: false if the target tables have no foreign keys"
        + " or triggers.";
  }
}
