package io.lockstep.bench;

import io.lockstep.flinkrest.FlinkRestClient;
import io.lockstep.flinkrest.FlinkRestException;
import io.lockstep.runner.PipelineMetrics;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The verifier against the apply job on the same backlog: the apply job drains a backlog to
 * PostgreSQL, then the verifier checks the same backlog against the target (with a one-second
 * delay, once with the default heap state and, in the full run, once with RocksDB, as in
 * production). The verifier keeps up if it gets through the backlog at least as fast as apply did.
 * A last pass (full run) with a delay too long to expire holds every row of a smaller backlog
 * pending and reads the checkpointed state size: the verifier's state per pending row.
 */
final class VerifySuite {

  private static final long SEED = 20261202L;
  private static final String NAME = "bench_verify";
  private static final Pattern WEB_UI = Pattern.compile("Flink web UI: (\\S+)");
  private static final Duration LIMIT = Duration.ofMinutes(20);
  private static final String STATE_PREFIX = "benchstate";
  private static final int STATE_BACKLOG = 100_000;

  /** Topics of their own: in a full run the apply suite has already filled {@code bench.*}. */
  private static final String PREFIX = "benchverify";

  private final Bench bench;

  VerifySuite(Bench bench) {
    this.bench = bench;
  }

  SuiteResult run() throws Exception {
    int backlog = bench.sizes.applyBacklog();
    try (EmbeddedPostgresServer target = bench.postgres("verify-target")) {
      Sql.execute(target.dataSource(), OrdersTable.createSql("public.orders"));
      String topic = LockstepChangeRecords.topic(PREFIX);
      Backlog.createTopics(bench.kafka.bootstrapServers(), List.of(topic));
      ApplySuite.log("writing a backlog of %,d changes to Kafka", backlog);
      OrdersTable.State expected =
          Backlog.produce(bench.kafka.bootstrapServers(), SEED, backlog, topic, null);

      Run apply = runApply(target, expected, backlog);
      // The apply job left a million changes of dead tuples: autovacuum would start on them in the
      // first verifier pass and slow only that one. Vacuum now, so that every pass reads the same
      // table.
      Sql.execute(target.dataSource(), "VACUUM ANALYZE public.orders");
      // The headline's pass first: the first pass after the apply job is the slower one (seen as
      // 0.87-0.97 of the second in four runs with RocksDB first, 0.99 the other way round), so the
      // default configuration is measured where it is at a disadvantage.
      Pass onHeap = runVerifier(target, PREFIX, "verify-checks-heap", "1s", "hashmap", true);
      // RocksDB's passes, in the full run only: each is one more JVM and backlog.
      Pass checked = null;
      Pass held = null;
      if (bench.sizes.verifyOnRocksDb()) {
        checked = runVerifier(target, PREFIX, "verify-checks", "1s", "rocksdb", true);
        // The state per row from a smaller backlog of its own: filling RocksDB with every row of
        // the full backlog, in the local runner's 32 MB of managed memory a slot, takes minutes.
        String stateTopic = LockstepChangeRecords.topic(STATE_PREFIX);
        Backlog.createTopics(bench.kafka.bootstrapServers(), List.of(stateTopic));
        Backlog.produce(bench.kafka.bootstrapServers(), SEED, STATE_BACKLOG, stateTopic, null);
        held = runVerifier(target, STATE_PREFIX, "verify-state", "1d", "rocksdb", false);
      }

      // The headline is the default configuration (state on the heap); RocksDB, for pending
      // state beyond the heap, is a detail row.
      double keysPerSecond = onHeap.checks() / onHeap.seconds();
      double changesPerSecond = backlog / onHeap.seconds();
      List<List<String>> details = new ArrayList<>();
      details.add(List.of("changes in the backlog", fmt(backlog), fmt(backlog)));
      details.add(List.of("changes/s (launch to done)", fmt(changesPerSecond), fmt(apply.rate())));
      details.add(List.of("rows checked on the target", fmt(onHeap.checks()), "-"));
      details.add(List.of("rows checked/s", fmt(keysPerSecond), "-"));
      details.add(List.of("mismatches (all must clear)", fmt(onHeap.mismatches()), "-"));
      details.add(
          List.of(
              "changes/s with state.backend rocksdb (ratio to apply)",
              checked == null
                  ? "full run only"
                  : fmt(backlog / checked.seconds())
                      + " ("
                      + String.format(
                          java.util.Locale.ROOT, "%.2f", backlog / checked.seconds() / apply.rate())
                      + ")",
              "-"));
      details.add(
          List.of(
              "holding a "
                  + fmt(STATE_BACKLOG)
                  + "-change backlog: launch to read and checkpointed",
              held == null
                  ? "full run only"
                  : Run.seconds(Duration.ofMillis((long) (held.seconds() * 1000))),
              "-"));
      details.add(
          List.of(
              "state per pending row (RocksDB checkpoint / rows held of a "
                  + fmt(STATE_BACKLOG)
                  + "-change backlog)",
              held == null
                  ? "full run only"
                  : held.pending() > 0
                      ? fmt((double) held.stateBytes() / held.pending())
                          + " B ("
                          + fmt(held.pending())
                          + " rows held)"
                      : "-",
              "-"));
      details.add(
          List.of(
              "settings",
              "verify.delay 1s, verify.parallelism 2, state.backend hashmap (the default)",
              "apply.parallelism 2"));
      Map<String, List<TableProgress.Sample>> series = new LinkedHashMap<>();
      series.put("Lockstep verifier (rows checked, heap state)", onHeap.series());
      if (checked != null) {
        series.put("Lockstep verifier (rows checked, RocksDB state)", checked.series());
      }
      series.put("Lockstep apply (rows written)", apply.series());
      return SuiteResult.throughput(
          "verify",
          bench.sizes.mode(),
          "changes/s",
          changesPerSecond,
          "lockstep-apply",
          apply.rate(),
          details,
          series);
    }
  }

  private String yaml(EmbeddedPostgresServer target, String topicPrefix) {
    return PipelineFile.yaml(
        NAME, target, List.of("public.orders"), target, bench, topicPrefix, null);
  }

  private Run runApply(EmbeddedPostgresServer target, OrdersTable.State expected, int backlog)
      throws Exception {
    ApplySuite.log("Lockstep apply job: draining the backlog (the baseline)");
    String yaml = yaml(target, PREFIX) + "apply:\n  parallelism: " + ApplySuite.PARALLELISM + "\n";
    try (TableProgress progress = new TableProgress(target.dataSource(), "public", "orders");
        ChildJvm child = bench.lockstep("verify-apply", yaml, "apply");
        Admin admin = admin()) {
      Duration done =
          progress.awaitState("public.orders", expected, 0, child, Duration.ofMinutes(30));
      // The verifier checks a change only once apply has committed past it: let the last
      // checkpoint commit the end of the backlog before the apply job stops.
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!consumedEverything(admin, "lockstep-apply-" + NAME)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the apply job did not commit the end of the backlog");
        }
        // Waiting for the apply job's next checkpoint.
        Thread.sleep(250);
      }
      return Run.of(backlog, progress, done, "");
    }
  }

  /** One pass of the verifier over the whole backlog, in a consumer group of its own. */
  private record Pass(
      long checks,
      long mismatches,
      long pending,
      long stateBytes,
      double seconds,
      List<TableProgress.Sample> series) {}

  private Pass runVerifier(
      EmbeddedPostgresServer target,
      String topicPrefix,
      String label,
      String delay,
      String stateBackend,
      boolean untilChecked)
      throws Exception {
    ApplySuite.log("Lockstep verifier (%s, verify.delay %s): reading the backlog", label, delay);
    String group = "lockstep-verify-" + label;
    String yaml =
        yaml(target, topicPrefix)
            + "verify:\n  delay: "
            + delay
            + "\n  parallelism: "
            + ApplySuite.PARALLELISM
            + "\n  consumer-group: "
            + group
            + "\nstate:\n  backend: "
            + stateBackend
            + "\n";
    long started = System.nanoTime();
    try (ChildJvm child = bench.lockstep(label, yaml, "verify");
        Admin admin = admin()) {
      URI rest = restAddress(child);
      PipelineMetrics metrics = new PipelineMetrics(rest);
      JobID job = onlyJob(rest);
      List<TableProgress.Sample> series = new ArrayList<>();
      long previousChecks = 0;
      double previousSeconds = 0;
      // Done is when the last check was made, as apply's done is when the last row landed; the
      // wait for the verifier's offsets to be committed (at its next checkpoint) is not counted.
      long lastChecks = -1;
      double lastCheckSeconds = 0;
      while (true) {
        child.checkAlive();
        double seconds = (System.nanoTime() - started) / 1e9;
        long checks =
            Math.max(0, metrics.metric(job, "lockstepVerifyKeysVerified", "sum"))
                + Math.max(0, metrics.metric(job, "lockstepVerifyKeysSuperseded", "sum"))
                + Math.max(0, metrics.metric(job, "lockstepVerifyMismatchesSeen", "sum"));
        long pending = metrics.metric(job, "lockstepVerifyPendingRows", "sum");
        if (checks != lastChecks) {
          lastChecks = checks;
          lastCheckSeconds = seconds;
        }
        if (seconds - previousSeconds >= 1) {
          series.add(
              new TableProgress.Sample(
                  seconds, (long) ((checks - previousChecks) / (seconds - previousSeconds))));
          previousChecks = checks;
          previousSeconds = seconds;
        }
        boolean consumed = consumedEverything(admin, group);
        if (untilChecked && consumed && pending == 0 && checks > 0) {
          return new Pass(
              checks,
              metrics.metric(job, "lockstepVerifyMismatchesSeen", "sum"),
              0,
              0,
              lastCheckSeconds,
              series);
        }
        if (!untilChecked && consumed && pending > 0) {
          long state = checkpointStateAfter(rest, job, System.currentTimeMillis());
          return new Pass(0, 0, pending, state, seconds, series);
        }
        if (seconds > LIMIT.toSeconds()) {
          throw new IllegalStateException(
              label + " did not finish within " + LIMIT + "\n" + child.tail());
        }
        // Polling the verifier's metrics, as the harness polls every writer.
        Thread.sleep(250);
      }
    }
  }

  private Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", (Object) bench.kafka.bootstrapServers()));
  }

  /** Whether {@code group} has committed the end of every partition of the backlog's topic. */
  private static boolean consumedEverything(Admin admin, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    if (committed.isEmpty()) {
      return false;
    }
    Map<TopicPartition, OffsetSpec> ends = new LinkedHashMap<>();
    committed.keySet().forEach(p -> ends.put(p, OffsetSpec.latest()));
    var latest = admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS);
    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
      if (entry.getValue() == null
          || entry.getValue().offset() < latest.get(entry.getKey()).offset()) {
        return false;
      }
    }
    return true;
  }

  /** The full state size of the job's first checkpoint completed after {@code afterMillis}. */
  private static long checkpointStateAfter(URI rest, JobID job, long afterMillis) throws Exception {
    FlinkRestClient flink = flink(rest);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      FlinkRestClient.CompletedCheckpoint latest =
          answered(() -> flink.checkpoints(job.toHexString()).latest());
      if (latest != null && latest.latestAck() > afterMillis) {
        return latest.stateSize();
      }
      // Waiting for the next periodic checkpoint.
      Thread.sleep(500);
    }
    throw new IllegalStateException("no checkpoint of the verifier completed within 2 minutes");
  }

  private static URI restAddress(ChildJvm child) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      child.checkAlive();
      for (String line : child.output()) {
        Matcher m = WEB_UI.matcher(line);
        if (m.find()) {
          return URI.create(m.group(1).endsWith("/") ? m.group(1) : m.group(1) + "/");
        }
      }
      // Waiting for the runner to print its address.
      Thread.sleep(200);
    }
    throw new IllegalStateException("the runner printed no Flink web UI address:\n" + child.tail());
  }

  private static JobID onlyJob(URI rest) throws Exception {
    FlinkRestClient flink = flink(rest);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      List<FlinkRestClient.JobOverview> jobs = answered(flink::jobs);
      for (FlinkRestClient.JobOverview job :
          jobs == null ? List.<FlinkRestClient.JobOverview>of() : jobs) {
        if (job.state().equals("RUNNING")) {
          return JobID.fromHexString(job.id());
        }
      }
      // Waiting for the job to be submitted.
      Thread.sleep(200);
    }
    throw new IllegalStateException("no running job at " + rest);
  }

  private static FlinkRestClient flink(URI rest) {
    return new FlinkRestClient(rest, Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  private interface RestCall<T> {
    T call() throws IOException, InterruptedException;
  }

  /** The call's answer, or null while the JobManager answers with an error (still starting). */
  private static <T> T answered(RestCall<T> call) throws IOException, InterruptedException {
    try {
      return call.call();
    } catch (FlinkRestException e) {
      if (e.answered()) {
        return null;
      }
      throw e;
    }
  }

  private static String fmt(double value) {
    return ApplySuite.fmt(value);
  }
}
