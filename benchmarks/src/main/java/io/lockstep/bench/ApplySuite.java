package io.lockstep.bench;

import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Suite 1: a backlog already in Kafka applied to PostgreSQL by the apply job alone, against the
 * same backlog applied by Debezium's JDBC sink connector in a Kafka Connect worker, its batch size
 * tuned for its best result.
 */
final class ApplySuite {

  private static final long SEED = 20261122L;
  private static final int TUNING_BACKLOG = 200_000;

  /** Writers per side: one per core of the machine the suite was written for. */
  static final int PARALLELISM = 2;

  private final Bench bench;
  private final List<MemoryReading> memory;

  ApplySuite(Bench bench, List<MemoryReading> memory) {
    this.bench = bench;
    this.memory = memory;
  }

  SuiteResult run() throws Exception {
    int backlog = bench.sizes.applyBacklog();
    try (EmbeddedPostgresServer target = bench.postgres("apply-target")) {
      Sql.execute(
          target.dataSource(),
          OrdersTable.createSql("public.orders"),
          OrdersTable.createSql("public.orders_dbz"));
      String oursTopic = LockstepChangeRecords.topic("bench");
      String dbzTopic = "dbz.orders";
      Backlog.createTopics(bench.kafka.bootstrapServers(), List.of(oursTopic, dbzTopic));
      log("writing a backlog of %,d changes to Kafka in both formats", backlog);
      OrdersTable.State expected =
          Backlog.produce(bench.kafka.bootstrapServers(), SEED, backlog, oursTopic, dbzTopic);

      Run ours = runLockstep(target, expected, backlog);
      int batch = tuneDebezium(target);
      Sql.execute(target.dataSource(), "TRUNCATE public.orders_dbz");
      Run theirs = runDebezium(target, dbzTopic, "final", batch, expected, backlog);

      double ceiling = serverCeiling(target, backlog);
      List<List<String>> details = new ArrayList<>();
      details.add(List.of("changes in the backlog", fmt(backlog), fmt(backlog)));
      details.add(List.of("changes/s (launch to done)", fmt(ours.rate()), fmt(theirs.rate())));
      details.add(
          List.of(
              "changes/s (first write to done)", fmt(ours.steadyRate()), fmt(theirs.steadyRate())));
      details.add(
          List.of(
              "the target's own upsert rate, no client (INSERT ... SELECT ... ON CONFLICT)",
              fmt(ceiling),
              fmt(ceiling)));
      details.add(List.of("start-up (launch to first write)", ours.startup(), theirs.startup()));
      details.add(List.of("wall time (launch to done)", ours.wall(), theirs.wall()));
      details.add(
          List.of(
              "settings",
              "apply.batch-size 2000, apply.parallelism " + PARALLELISM,
              theirs.settings()));
      Map<String, List<TableProgress.Sample>> series = new LinkedHashMap<>();
      series.put("Lockstep apply", ours.series());
      series.put("Debezium JDBC sink", theirs.series());
      return SuiteResult.throughput(
          "apply",
          bench.sizes.mode(),
          "changes/s",
          ours.rate(),
          "debezium-jdbc-sink",
          theirs.rate(),
          details,
          series);
    }
  }

  private Run runLockstep(EmbeddedPostgresServer target, OrdersTable.State expected, int backlog)
      throws Exception {
    log("Lockstep apply job: draining the backlog");
    String yaml =
        PipelineFile.yaml(
                "bench_apply", target, List.of("public.orders"), target, bench, "bench", null)
            + "apply:\n  parallelism: "
            + PARALLELISM
            + "\n";
    try (TableProgress progress = new TableProgress(target.dataSource(), "public", "orders");
        ChildJvm child = bench.lockstep("apply-lockstep", yaml, "apply")) {
      Duration done = await(progress, "public.orders", expected, child);
      memory.add(MemoryReading.of("apply", "Lockstep (apply job)", child));
      return Run.of(backlog, progress, done, "");
    }
  }

  /**
   * The machine's limit for this table: the server upserting rows it generates itself, half new and
   * half overwriting, with no client, no Kafka and no parsing of values.
   */
  private static double serverCeiling(EmbeddedPostgresServer target, int rows) throws Exception {
    Sql.execute(target.dataSource(), OrdersTable.createSql("public.orders_ceiling"));
    String upsert =
        "INSERT INTO public.orders_ceiling SELECT g, 'customer-' || g || '-v' || %d,"
            + " ((g * 7919 + %d) %% 100000000) / 100.0,"
            + " timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second',"
            + " jsonb_build_object('tier', 'gold', 'score', g %% 1000, 'tags', jsonb_build_array('a', 'b')),"
            + " %d FROM generate_series(CAST(1 AS bigint), %d) g"
            + " ON CONFLICT (id) DO UPDATE SET customer = EXCLUDED.customer,"
            + " amount = EXCLUDED.amount, updated_at = EXCLUDED.updated_at,"
            + " attrs = EXCLUDED.attrs, version = EXCLUDED.version";
    int half = rows / 2;
    long started = System.nanoTime();
    Sql.execute(target.dataSource(), String.format(java.util.Locale.ROOT, upsert, 1, 1, 1, half));
    Sql.execute(target.dataSource(), String.format(java.util.Locale.ROOT, upsert, 2, 2, 2, half));
    double seconds = (System.nanoTime() - started) / 1e9;
    Sql.execute(target.dataSource(), "DROP TABLE public.orders_ceiling");
    return 2.0 * half / seconds;
  }

  /** Tries each batch size on a smaller backlog; returns the fastest. */
  private int tuneDebezium(EmbeddedPostgresServer target) throws Exception {
    List<Integer> sizes = bench.sizes.debeziumBatchSizes();
    if (sizes.size() == 1) {
      return sizes.get(0);
    }
    String topic = "dbz.tuning";
    int changes = Math.min(TUNING_BACKLOG, bench.sizes.applyBacklog());
    Backlog.createTopics(bench.kafka.bootstrapServers(), List.of(topic));
    OrdersTable.State expected =
        Backlog.produce(bench.kafka.bootstrapServers(), SEED, changes, null, topic);
    int best = sizes.get(0);
    double bestRate = 0;
    for (int size : sizes) {
      Sql.execute(target.dataSource(), "TRUNCATE public.orders_dbz");
      Run run = runDebezium(target, topic, "tune-" + size, size, expected, changes);
      log("  Debezium batch.size=%d: %,.0f rows/s", size, run.rate());
      if (run.rate() > bestRate) {
        bestRate = run.rate();
        best = size;
      }
    }
    return best;
  }

  private Run runDebezium(
      EmbeddedPostgresServer target,
      String topic,
      String label,
      int batchSize,
      OrdersTable.State expected,
      int backlog)
      throws Exception {
    log("Debezium JDBC sink (%s, batch.size=%d): draining the backlog", label, batchSize);
    Path directory = bench.runDirectory.resolve("apply-debezium-" + label);
    Files.createDirectories(directory);
    Properties worker = new Properties();
    worker.setProperty("bootstrap.servers", bench.kafka.bootstrapServers());
    worker.setProperty("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.setProperty("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.setProperty("key.converter.schemas.enable", "true");
    worker.setProperty("value.converter.schemas.enable", "true");
    worker.setProperty("offset.storage.file.filename", directory.resolve("offsets").toString());
    worker.setProperty("listeners", "http://127.0.0.1:0");
    // The sink writes what one poll returns, so a poll must be able to fill a batch.
    worker.setProperty("consumer.max.poll.records", Integer.toString(batchSize));
    worker.setProperty("consumer.auto.offset.reset", "earliest");
    Properties connector = new Properties();
    connector.setProperty("name", "bench-jdbc-sink-" + label);
    connector.setProperty("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
    connector.setProperty("tasks.max", Integer.toString(PARALLELISM));
    connector.setProperty("topics", topic);
    connector.setProperty("connection.url", target.jdbcUrl().replaceAll("\\?.*", ""));
    connector.setProperty("connection.username", EmbeddedPostgresServer.USER);
    connector.setProperty("connection.password", "unused");
    connector.setProperty("insert.mode", "upsert");
    connector.setProperty("delete.enabled", "true");
    connector.setProperty("primary.key.mode", "record_key");
    connector.setProperty("primary.key.fields", "id");
    connector.setProperty("schema.evolution", "none");
    connector.setProperty("collection.name.format", "orders_dbz");
    connector.setProperty("batch.size", Integer.toString(batchSize));
    // Debezium's own fast paths: one change per key per batch, and UNNEST for PostgreSQL.
    connector.setProperty("use.reduction.buffer", "true");
    connector.setProperty("dialect.postgres.unnest.insert.enabled", "true");
    Path workerFile = directory.resolve("worker.properties");
    Path connectorFile = directory.resolve("connector.properties");
    try (var out = Files.newBufferedWriter(workerFile)) {
      worker.store(out, "Kafka Connect standalone worker");
    }
    try (var out = Files.newBufferedWriter(connectorFile)) {
      connector.store(out, "Debezium JDBC sink");
    }
    try (TableProgress progress = new TableProgress(target.dataSource(), "public", "orders_dbz");
        ChildJvm child = bench.connectWorker("connect-" + label, workerFile, connectorFile)) {
      Duration done = await(progress, "public.orders_dbz", expected, child);
      if (label.equals("final")) {
        memory.add(MemoryReading.of("apply", "Kafka Connect worker (Debezium JDBC sink)", child));
      }
      return Run.of(
          backlog,
          progress,
          done,
          "batch.size "
              + batchSize
              + ", use.reduction.buffer, unnest inserts, tasks.max "
              + PARALLELISM
              + (bench.sizes.debeziumBatchSizes().size() > 1
                  ? " (fastest of batch.size " + bench.sizes.debeziumBatchSizes() + ")"
                  : ""));
    }
  }

  private static Duration await(
      TableProgress progress, String table, OrdersTable.State expected, ChildJvm child)
      throws Exception {
    return progress.awaitState(table, expected, 0, child, Duration.ofMinutes(30));
  }

  static String fmt(double value) {
    return String.format(java.util.Locale.ROOT, "%,.0f", value);
  }

  /** A progress line, stamped with the seconds since the harness started. */
  static void log(String format, Object... args) {
    double uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    System.out.printf(
        java.util.Locale.ROOT, "[bench %5.0fs] %s%n", uptime, String.format(format, args));
  }
}
