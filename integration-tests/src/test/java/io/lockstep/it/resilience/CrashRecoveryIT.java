package io.lockstep.it.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.ChangeTopicOffsets;
import io.lockstep.runner.cli.Lockstep;
import io.lockstep.runner.embedded.EmbeddedKafkaBroker;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import io.lockstep.runner.quickstart.DemoSchema;
import io.lockstep.runner.quickstart.DemoWorkload;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline process ({@code lockstep run} in a child JVM, durable checkpoints) is killed
 * with SIGKILL at random moments, first during the initial snapshot and then while changes stream,
 * and started again each time. The target ends equal to the source. CI runs a few kills; {@code mvn
 * verify -Pchaos} runs {@code lockstep.chaos.iterations} (20).
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class CrashRecoveryIT {

  private static final int ITERATIONS = Integer.getInteger("lockstep.chaos.iterations", 3);

  private static EmbeddedPostgresServer source;
  private static EmbeddedPostgresServer target;
  private static EmbeddedKafkaBroker kafka;
  private static final ExecutorService writer = Executors.newSingleThreadExecutor();
  private static final AtomicBoolean stopWriting = new AtomicBoolean();

  @TempDir static Path work;

  @BeforeAll
  static void start() throws Exception {
    source = EmbeddedPostgresServer.start("source");
    target = EmbeddedPostgresServer.start("target");
    kafka = EmbeddedKafkaBroker.start();
    try (Connection s = source.connect();
        Connection t = target.connect()) {
      DemoSchema.create(s);
      DemoSchema.create(t);
      // Enough rows that the first kill lands inside the initial snapshot.
      new DemoWorkload(s, 1).seed(6_000);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    stopWriting.set(true);
    writer.shutdownNow();
    writer.awaitTermination(1, TimeUnit.MINUTES);
    for (AutoCloseable server : new AutoCloseable[] {kafka, target, source}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void targetEqualsSourceAfterRepeatedKills() throws Exception {
    Path config = writeConfig();
    long seed = Long.getLong("lockstep.chaos.seed", System.nanoTime());
    // Printed so that a failing run can be replayed with -Dlockstep.chaos.seed=<seed>.
    System.out.println("CrashRecoveryIT: kill points from -Dlockstep.chaos.seed=" + seed);
    Random random = new Random(seed);
    String prefix = "lockstep";
    CompletableFuture<Void> traffic = null;

    for (int i = 0; i < ITERATIONS; i++) {
      long before = ChangeTopicOffsets.changeRecords(kafka.bootstrapServers(), prefix);
      // The first run dies in the snapshot (30,000 rows); later ones while changes stream.
      long killAt =
          before + (i == 0 ? 2_000 + random.nextInt(15_000) : 500 + random.nextInt(6_000));
      Process pipeline = startPipeline(config, i);
      try {
        if (i == 1) {
          traffic = CompletableFuture.runAsync(CrashRecoveryIT::writeTraffic, writer);
        }
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    ChangeTopicOffsets.changeRecords(kafka.bootstrapServers(), prefix) >= killAt
                        || !pipeline.isAlive());
        assertThat(pipeline.isAlive())
            .as(
                "pipeline process %d died by itself; see %s",
                i, work.resolve("pipeline-" + i + ".log"))
            .isTrue();
      } finally {
        pipeline.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
      }
    }

    Process last = startPipeline(config, ITERATIONS);
    try {
      stopWriting.set(true);
      if (traffic != null) {
        traffic.get(2, TimeUnit.MINUTES);
      }
      Tables.awaitTargetEqualsSource(
          source, target, DemoSchema.SCHEMA, DemoSchema.TABLES, Duration.ofMinutes(5));
      if (ITERATIONS >= 2) {
        assertThat(Tables.count(target, "SELECT epoch FROM public.lockstep_epoch"))
            .as("the snapshot was started again at least once, in a new epoch")
            .isGreaterThan(1);
      }
    } finally {
      last.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
    }
  }

  /**
   * How many more change records a run writes before it is killed. Run 0 dies inside the initial
   * snapshot (30,000 rows) and run 1 inside the snapshot Debezium starts again; run 2 lets that
   * snapshot finish and dies while changes stream, and so do the later runs, which resume the
   * stream, at random points.
   */
  private static long killAfter(int run, Random random, long snapshotRows) {
    return switch (run) {
      case 0 -> 2_000 + random.nextInt(15_000);
      case 1 -> 500 + random.nextInt(6_000);
      case 2 -> snapshotRows + 2_000 + random.nextInt(4_000);
      default -> 500 + random.nextInt(6_000);
    };
  }

  private static long sourceRows() throws Exception {
    return Tables.count(
        source,
        "SELECT (SELECT count(*) FROM shop.customers) + (SELECT count(*) FROM shop.orders)"
            + " + (SELECT count(*) FROM shop.payments)");
  }

  private static void writeTraffic() {
    try (Connection s = source.connect()) {
      DemoWorkload workload = new DemoWorkload(s, 2);
      while (!stopWriting.get()) {
        workload.step();
        // About 300 transactions a second: leave CPU for the pipeline on a small machine.
        TimeUnit.MILLISECONDS.sleep(3);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path writeConfig() throws Exception {
    Path file = work.resolve("crash.yaml");
    Files.writeString(
        file,
        """
        pipeline:
          name: crash
        source:
          host: localhost
          port: %d
          database: postgres
          user: postgres
          password-env: CRASH_SOURCE_PASSWORD
          tables: ["shop\\\\..*"]
          heartbeat-interval: 1s
        target:
          host: localhost
          port: %d
          database: postgres
          user: postgres
          password-env: CRASH_TARGET_PASSWORD
        kafka:
          bootstrap-servers: %s
        apply:
          flush-interval: 100ms
        checkpoint:
          interval: 1s
          directory: %s
        """
            .formatted(
                source.port(),
                target.port(),
                kafka.bootstrapServers(),
                work.resolve("checkpoints").toUri()));
    return file;
  }

  private static Process startPipeline(Path config, int run) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-opens")) {
        command.add(argument);
      }
    }
    command.add("-Dlockstep.log.dir=" + work.resolve("logs-" + run));
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(Lockstep.class.getName());
    command.addAll(List.of("run", "--config", config.toString(), "--web-port", "0"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("CRASH_SOURCE_PASSWORD", "unused");
    builder.environment().put("CRASH_TARGET_PASSWORD", "unused");
    builder.redirectErrorStream(true);
    builder.redirectOutput(work.resolve("pipeline-" + run + ".log").toFile());
    return builder.start();
  }
}
