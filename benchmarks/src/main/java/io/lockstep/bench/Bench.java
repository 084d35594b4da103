package io.lockstep.bench;

import io.lockstep.runner.embedded.EmbeddedKafkaBroker;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every suite shares: the sizes, the Kafka broker, where runs write, how to start children.
 */
final class Bench implements AutoCloseable {

  /** The password variable the pipelines' files name; embedded servers accept any password. */
  static final String PASSWORD_ENV = "LOCKSTEP_BENCH_PASSWORD";

  final Path root;
  final Path runDirectory;
  final BenchSizes sizes;
  final EmbeddedKafkaBroker kafka;
  private final boolean profile;

  Bench(Path root, Path runDirectory, BenchSizes sizes, boolean profile) throws Exception {
    this.profile = profile;
    this.root = root;
    this.runDirectory = runDirectory;
    this.sizes = sizes;
    Files.createDirectories(runDirectory);
    this.kafka = EmbeddedKafkaBroker.start();
  }

  /** A fresh PostgreSQL 17 server; logical replication settings for native subscriptions too. */
  EmbeddedPostgresServer postgres(String name) throws IOException {
    return EmbeddedPostgresServer.start(
        name,
        Map.of(
            "max_logical_replication_workers", "4",
            "max_worker_processes", "16",
            "shared_buffers", "256MB",
            "max_wal_size", "4GB"));
  }

  /** Starts {@code lockstep run} on a pipeline file, as a user would, in its own JVM. */
  ChildJvm lockstep(String label, String pipelineYaml, String jobs) throws IOException {
    Path directory = runDirectory.resolve(label);
    Files.createDirectories(directory);
    Path config = directory.resolve("pipeline.yaml");
    Files.writeString(config, pipelineYaml);
    Path runner = root.resolve("local-runner/target");
    List<String> options = new java.util.ArrayList<>();
    options.add("-Dlockstep.log.dir=" + directory);
    // As bin/lockstep starts it.
    options.add("-XX:+UseParallelGC");
    if (profile) {
      options.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + directory.resolve(label + ".jfr"));
    }
    // For profilers that attach as agents, e.g. async-profiler:
    //
    // LOCKSTEP_BENCH_JVM_OPTS='-agentpath:/path/libasyncProfiler.so=start,event=itimer,file=%p.html'
    String extra = System.getenv("LOCKSTEP_BENCH_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      options.addAll(List.of(extra.trim().split("\\s+")));
    }
    return ChildJvm.start(
        label,
        runner.resolve("lockstep-local-runner.jar") + ":" + runner.resolve("lib") + "/*",
        "io.lockstep.runner.cli.Lockstep",
        List.of("run", "--config", config.toString(), "--web-port", "0", "--jobs", jobs),
        options,
        Map.of(PASSWORD_ENV, "unused"),
        directory);
  }

  /** Starts a Kafka Connect standalone worker with one connector, in its own JVM. */
  ChildJvm connectWorker(String label, Path workerProperties, Path connectorProperties)
      throws IOException {
    Path directory = workerProperties.getParent();
    Path bench = root.resolve("benchmarks/target");
    return ChildJvm.start(
        label,
        bench.resolve("lockstep-benchmarks.jar") + ":" + bench.resolve("lib") + "/*",
        "org.apache.kafka.connect.cli.ConnectStandalone",
        List.of(workerProperties.toString(), connectorProperties.toString()),
        List.of(),
        Map.of(),
        directory);
  }

  @Override
  public void close() throws Exception {
    kafka.close();
  }
}
