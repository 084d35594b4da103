package io.lockstep.engines;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lockstep.engine.ConnectionDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Every JDBC connection Lockstep opens: pools ({@link #pool}) and single connections ({@link
 * #connect}), to an {@link Endpoint}, with the engine's URL, driver properties and session setup
 * ({@link ConnectionDialect}).
 */
public final class DataSources {

  private DataSources() {}

  /** One connection as the endpoint's user, with the driver's defaults. */
  public static Connection connect(Endpoint endpoint) throws SQLException {
    return DriverManager.getConnection(endpoint.jdbcUrl(), properties(endpoint));
  }

  /**
   * One connection that shows the server {@code applicationName} (where the engine can) and gives
   * up connecting after {@code connectTimeout}.
   */
  public static Connection connect(
      Endpoint endpoint, String applicationName, Duration connectTimeout) throws SQLException {
    ConnectionDialect connections = endpoint.databaseEngine().connections();
    Properties properties = properties(endpoint);
    properties.putAll(connections.applicationName(applicationName));
    properties.putAll(connections.connectTimeout(connectTimeout));
    return DriverManager.getConnection(endpoint.jdbcUrl(), properties);
  }

  private static Properties properties(Endpoint endpoint) {
    // As DriverManager.getConnection(url, user, password): a missing one is left out.
    Properties properties = new Properties();
    if (endpoint.user() != null) {
      properties.setProperty("user", endpoint.user());
    }
    if (endpoint.password() != null) {
      properties.setProperty("password", endpoint.password());
    }
    return properties;
  }

  /** A pool named {@code name} on {@code endpoint}; set what differs from Hikari's defaults. */
  public static Pool pool(Endpoint endpoint, String name) {
    return new Pool(endpoint, name);
  }

  /** The settings of one pool, then {@link #open()}. */
  public static final class Pool {

    private final ConnectionDialect connections;
    private final HikariConfig hikari = new HikariConfig();

    private Pool(Endpoint endpoint, String name) {
      this.connections = endpoint.databaseEngine().connections();
      hikari.setPoolName(name);
      hikari.setJdbcUrl(endpoint.jdbcUrl());
      hikari.setUsername(endpoint.user());
      hikari.setPassword(endpoint.password());
    }

    public Pool size(int maximum) {
      hikari.setMaximumPoolSize(maximum);
      return this;
    }

    public Pool minimumIdle(int minimum) {
      hikari.setMinimumIdle(minimum);
      return this;
    }

    public Pool readOnly(boolean readOnly) {
      hikari.setReadOnly(readOnly);
      return this;
    }

    public Pool autoCommit(boolean autoCommit) {
      hikari.setAutoCommit(autoCommit);
      return this;
    }

    /** How long a caller waits for a connection. */
    public Pool connectionTimeout(Duration timeout) {
      hikari.setConnectionTimeout(timeout.toMillis());
      return this;
    }

    /**
     * Opens even when the database is down: each use then waits for it or fails with the driver's
     * own message.
     */
    public Pool openWhenDown() {
      hikari.setInitializationFailTimeout(-1);
      return this;
    }

    /** Shows the server {@code name} as the sessions' application, where the engine can. */
    public Pool applicationName(String name) {
      connections.applicationName(name).forEach(hikari::addDataSourceProperty);
      return this;
    }

    /**
     * Runs the engine's session setup on every new connection (MariaDB/MySQL: the strict {@code
     * sql_mode} that refuses values instead of altering them).
     */
    public Pool sessionSetup() {
      connections.sessionSetupSql().ifPresent(hikari::setConnectionInitSql);
      return this;
    }

    /**
     * {@link #sessionSetup()} for sessions that write replicated rows; with {@code replica} they do
     * not enforce the target's foreign keys ({@link ConnectionDialect#sessionSetupSql(boolean)}).
     */
    public Pool sessionSetup(boolean replica) {
      connections.sessionSetupSql(replica).ifPresent(hikari::setConnectionInitSql);
      return this;
    }

    public HikariDataSource open() {
      return new HikariDataSource(hikari);
    }
  }
}
