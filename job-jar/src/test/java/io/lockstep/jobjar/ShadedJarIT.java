package io.lockstep.jobjar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar a session cluster runs: the jobs and everything they need that Flink's {@code lib/} does
 * not have, and nothing of Flink itself. Runs after {@code package}, on the jar it built.
 */
class ShadedJarIT {

  /**
   * Flink's REST API refuses larger uploads by default ({@code rest.server.max-content-length}).
   */
  private static final long REST_UPLOAD_LIMIT = 104_857_600L;

  private static Path path;
  private static JarFile jar;

  @BeforeAll
  static void open() throws IOException {
    path = Path.of(System.getProperty("lockstep.jobs.jar", "target/lockstep-jobs.jar"));
    assertThat(path).as("the shaded jar; build it with mvn package -pl job-jar").isRegularFile();
    jar = new JarFile(path.toFile());
  }

  @AfterAll
  static void close() throws IOException {
    if (jar != null) {
      jar.close();
    }
  }

  @Test
  void containsTheThreeJobs() {
    assertThat(jar.getEntry("io/lockstep/capture/CaptureJob.class")).isNotNull();
    assertThat(jar.getEntry("io/lockstep/apply/ApplyJob.class")).isNotNull();
    assertThat(jar.getEntry("io/lockstep/verify/VerifierJob.class")).isNotNull();
  }

  @Test
  void containsTheConnectorsDebeziumAndTheDrivers() {
    assertThat(jar.getEntry("org/apache/flink/connector/kafka/sink/KafkaSink.class")).isNotNull();
    assertThat(jar.getEntry("org/apache/kafka/clients/producer/KafkaProducer.class")).isNotNull();
    assertThat(jar.getEntry("io/debezium/connector/postgresql/PostgresConnector.class"))
        .isNotNull();
    assertThat(jar.getEntry("io/debezium/connector/mariadb/MariaDbConnector.class")).isNotNull();
    assertThat(jar.getEntry("org/postgresql/Driver.class")).isNotNull();
    assertThat(jar.getEntry("org/mariadb/jdbc/Driver.class")).isNotNull();
    assertThat(jar.getEntry("com/zaxxer/hikari/HikariDataSource.class")).isNotNull();
  }

  @Test
  void mergesTheServiceFilesOfEveryJar() throws IOException {
    // Debezium finds its connectors, snapshot modes and converters through ServiceLoader: a file
    // kept from one jar only would lose the other connector's entries.
    assertThat(service("org.apache.kafka.connect.source.SourceConnector"))
        .contains(
            "io.debezium.connector.postgresql.PostgresConnector",
            "io.debezium.connector.mariadb.MariaDbConnector");
    assertThat(service("io.debezium.snapshot.spi.SnapshotLock"))
        .contains("io.debezium.connector.postgresql.snapshot.lock.NoSnapshotLock")
        .contains("io.debezium.connector.mariadb.snapshot.lock.MinimalSnapshotLock");
    assertThat(service("org.apache.kafka.connect.storage.Converter"))
        .contains("org.apache.kafka.connect.json.JsonConverter");
    assertThat(service("org.apache.flink.table.factories.Factory"))
        .contains("org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicTableFactory");
  }

  @Test
  void leavesFlinkItselfToTheCluster() {
    assertThat(entriesStartingWith("org/apache/flink/runtime/")).isEmpty();
    assertThat(entriesStartingWith("org/apache/flink/streaming/api/environment/")).isEmpty();
    assertThat(entriesStartingWith("org/apache/flink/api/common/")).isEmpty();
    assertThat(entriesStartingWith("org/apache/flink/shaded/")).isEmpty();
    assertThat(entriesStartingWith("org/slf4j/")).isEmpty();
    assertThat(entriesStartingWith("org/apache/logging/log4j/")).isEmpty();
  }

  @Test
  void isUnsignedAndNamesNoMainClass() throws IOException {
    assertThat(
            jar.stream()
                .map(JarEntry::getName)
                .filter(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")))
        .as("signature files of the merged jars no longer match and make the JVM refuse it")
        .isEmpty();
    Manifest manifest = jar.getManifest();
    assertThat(manifest.getMainAttributes().getValue("Main-Class"))
        .as("the entry class is named per job when it is submitted")
        .isNull();
  }

  @Test
  void fitsFlinksDefaultUploadLimit() throws IOException {
    assertThat(Files.size(path)).isLessThan(REST_UPLOAD_LIMIT);
  }

  private static String service(String name) throws IOException {
    JarEntry entry = jar.getJarEntry("META-INF/services/" + name);
    assertThat(entry).as("META-INF/services/" + name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> entriesStartingWith(String prefix) {
    return jar.stream().map(JarEntry::getName).filter(n -> n.startsWith(prefix)).toList();
  }
}
