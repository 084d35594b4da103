package io.lockstep.bench;

import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Suite 2: PostgreSQL to PostgreSQL end to end on a backlog of changes made while the replication
 * was stopped: Lockstep (capture and apply, restarted from its retained checkpoints) against
 * PostgreSQL's native logical replication (a disabled subscription, enabled again) between the same
 * two servers and on the same backlog.
 */
final class CatchUpSuite {

  private static final long SEED = 7L;
  private static final int CHANGES_PER_TRANSACTION = 100;

  private final Bench bench;
  private final List<MemoryReading> memory;

  CatchUpSuite(Bench bench, List<MemoryReading> memory) {
    this.bench = bench;
    this.memory = memory;
  }

  SuiteResult run() throws Exception {
    int backlog = bench.sizes.catchUpBacklog();
    try (EmbeddedPostgresServer source = bench.postgres("catchup-source");
        EmbeddedPostgresServer target = bench.postgres("catchup-target")) {
      Run theirs = runNative(source, target, backlog);
      Sql.execute(source.dataSource(), "DROP TABLE public.orders");
      Sql.execute(target.dataSource(), "DROP TABLE public.orders");
      Run ours = runLockstep(source, target, backlog);
      List<List<String>> details = new ArrayList<>();
      details.add(
          List.of(
              "changes in the backlog (100 per transaction)",
              ApplySuite.fmt(backlog),
              ApplySuite.fmt(backlog)));
      details.add(
          List.of(
              "seed rows", fmt(bench.sizes.catchUpSeedRows()), fmt(bench.sizes.catchUpSeedRows())));
      details.add(
          List.of(
              "changes/s (restart to caught up)",
              ApplySuite.fmt(ours.rate()),
              ApplySuite.fmt(theirs.rate())));
      details.add(
          List.of(
              "changes/s (first write to caught up)",
              ApplySuite.fmt(ours.steadyRate()),
              ApplySuite.fmt(theirs.steadyRate())));
      details.add(List.of("start-up (restart to first write)", ours.startup(), theirs.startup()));
      details.add(List.of("wall time (restart to caught up)", ours.wall(), theirs.wall()));
      Map<String, List<TableProgress.Sample>> series = new LinkedHashMap<>();
      series.put("Lockstep (capture + apply)", ours.series());
      series.put("native logical replication", theirs.series());
      return SuiteResult.throughput(
          "catch-up",
          bench.sizes.mode(),
          "changes/s",
          ours.rate(),
          "native-logical-replication",
          theirs.rate(),
          details,
          series);
    }
  }

  private static String fmt(long n) {
    return ApplySuite.fmt(n);
  }

  /** Seeds the source table; returns the workload, positioned after the seed rows. */
  private ChangeWorkload seed(EmbeddedPostgresServer source, EmbeddedPostgresServer target)
      throws Exception {
    Sql.execute(source.dataSource(), OrdersTable.createSql("public.orders"));
    Sql.execute(target.dataSource(), OrdersTable.createSql("public.orders"));
    ChangeWorkload workload = new ChangeWorkload(SEED);
    try (Connection connection = source.connect()) {
      int seedRows = bench.sizes.catchUpSeedRows();
      for (int written = 0; written < seedRows; written += 1000) {
        List<ChangeWorkload.RowChange> batch = new ArrayList<>();
        for (int i = written; i < Math.min(seedRows, written + 1000); i++) {
          batch.add(workload.insert());
        }
        OrdersTable.write(connection, "public.orders", batch);
      }
    }
    return workload;
  }

  /** Makes the backlog on the source, {@value #CHANGES_PER_TRANSACTION} per transaction. */
  private void makeBacklog(EmbeddedPostgresServer source, ChangeWorkload workload, int changes)
      throws Exception {
    ApplySuite.log("making %,d changes on the source while replication is stopped", changes);
    long started = System.nanoTime();
    try (Connection connection = source.connect()) {
      List<ChangeWorkload.RowChange> transaction = new ArrayList<>();
      for (int i = 0; i < changes; i++) {
        transaction.add(workload.next());
        if (transaction.size() == CHANGES_PER_TRANSACTION || i == changes - 1) {
          OrdersTable.write(connection, "public.orders", transaction);
          transaction.clear();
        }
      }
    }
    ApplySuite.log(
        "  the source took %.1f s (%,.0f changes/s)",
        (System.nanoTime() - started) / 1e9, changes / ((System.nanoTime() - started) / 1e9));
  }

  private Run runNative(EmbeddedPostgresServer source, EmbeddedPostgresServer target, int backlog)
      throws Exception {
    ApplySuite.log("native logical replication: initial copy");
    ChangeWorkload workload = seed(source, target);
    OrdersTable.State seeded = workload.expectedState();
    Sql.subscribeNatively(source, target, "public.orders", true);
    try (TableProgress copy = new TableProgress(target.dataSource(), "public", "orders")) {
      copy.awaitState("public.orders", seeded, 0, null, Duration.ofMinutes(10));
    }
    Sql.execute(target.dataSource(), "ALTER SUBSCRIPTION bench_native DISABLE");
    makeBacklog(source, workload, backlog);
    ApplySuite.log("native logical replication: catching up");
    try (TableProgress progress = new TableProgress(target.dataSource(), "public", "orders")) {
      Sql.execute(target.dataSource(), "ALTER SUBSCRIPTION bench_native ENABLE");
      Duration done =
          progress.awaitState(
              "public.orders", workload.expectedState(), 0, null, Duration.ofMinutes(30));
      return Run.of(backlog, progress, done, "");
    } finally {
      Sql.execute(target.dataSource(), "DROP SUBSCRIPTION bench_native");
      Sql.execute(source.dataSource(), "DROP PUBLICATION bench_native");
    }
  }

  private Run runLockstep(EmbeddedPostgresServer source, EmbeddedPostgresServer target, int backlog)
      throws Exception {
    ApplySuite.log("Lockstep: initial snapshot");
    ChangeWorkload workload = seed(source, target);
    Path checkpoints = bench.runDirectory.resolve("catch-up-checkpoints");
    String yaml =
        PipelineFile.yaml(
            "bench_catchup",
            source,
            List.of("public.orders"),
            target,
            bench,
            "catchup",
            checkpoints.toUri().toString());
    try (TableProgress snapshot = new TableProgress(target.dataSource(), "public", "orders");
        ChildJvm child = bench.lockstep("catch-up-lockstep-1", yaml, "capture,apply")) {
      snapshot.awaitState(
          "public.orders", workload.expectedState(), 0, child, Duration.ofMinutes(10));
      // Stop only once both jobs have a checkpoint from after the snapshot, so the restart
      // resumes streaming instead of snapshotting again.
      awaitCheckpointAfter(checkpoints, Instant.now(), child);
    }
    makeBacklog(source, workload, backlog);
    ApplySuite.log("Lockstep: catching up");
    try (TableProgress progress = new TableProgress(target.dataSource(), "public", "orders");
        ChildJvm child = bench.lockstep("catch-up-lockstep-2", yaml, "capture,apply")) {
      Duration done =
          progress.awaitState(
              "public.orders", workload.expectedState(), 0, child, Duration.ofMinutes(30));
      memory.add(MemoryReading.of("catch-up", "Lockstep (capture + apply)", child));
      return Run.of(backlog, progress, done, "");
    }
  }

  /**
   * Waits until every job under {@code directory} has a checkpoint completed after {@code after}.
   */
  private static void awaitCheckpointAfter(Path directory, Instant after, ChildJvm child)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      child.checkAlive();
      List<Path> jobs;
      try (Stream<Path> list = Files.exists(directory) ? Files.list(directory) : Stream.empty()) {
        jobs = list.filter(Files::isDirectory).toList();
      }
      boolean all = jobs.size() >= 2;
      for (Path job : jobs) {
        all &= hasCheckpointAfter(job, after);
      }
      if (all) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no checkpoint after the snapshot in " + directory);
      }
      Thread.sleep(500);
    }
  }

  private static boolean hasCheckpointAfter(Path job, Instant after) throws Exception {
    try (Stream<Path> list = Files.list(job)) {
      for (Path chk : list.filter(p -> p.getFileName().toString().startsWith("chk-")).toList()) {
        if (Files.exists(chk.resolve("_metadata"))
            && Files.getLastModifiedTime(chk.resolve("_metadata")).toInstant().isAfter(after)) {
          return true;
        }
      }
    }
    return false;
  }
}
