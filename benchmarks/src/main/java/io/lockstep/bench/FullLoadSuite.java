package io.lockstep.bench;

import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Suite 3: the initial copy of a table, Lockstep's snapshot (capture and apply) against COPY
 * between the same servers: {@code COPY ... TO STDOUT} piped into {@code COPY ... FROM STDIN},
 * which is the data path of {@code pg_dump | psql}. (The machine's pg_dump is 15 and refuses to
 * dump a PostgreSQL 17 server, so the harness drives the same two COPY commands itself.)
 */
final class FullLoadSuite {

  private final Bench bench;

  FullLoadSuite(Bench bench) {
    this.bench = bench;
  }

  SuiteResult run() throws Exception {
    long rows = bench.sizes.fullLoadRows();
    try (EmbeddedPostgresServer source = bench.postgres("fullload-source");
        EmbeddedPostgresServer target = bench.postgres("fullload-target")) {
      ApplySuite.log("filling the source table with %,d rows", rows);
      Sql.execute(source.dataSource(), OrdersTable.createSql("public.orders"));
      fill(source, rows);
      Sql.execute(source.dataSource(), "VACUUM ANALYZE public.orders");
      OrdersTable.State expected = new OrdersTable.State(rows, rows);

      ApplySuite.log("COPY TO STDOUT | COPY FROM STDIN");
      Sql.execute(target.dataSource(), OrdersTable.createSql("public.orders"));
      long started = System.nanoTime();
      copy(source, target);
      Duration copyTime = Duration.ofNanos(System.nanoTime() - started);
      if (!Sql.state(target.dataSource(), "public.orders").equals(expected)) {
        throw new IllegalStateException("COPY did not copy every row");
      }
      double copyRate = rows / (copyTime.toNanos() / 1e9);
      Sql.execute(target.dataSource(), "DROP TABLE public.orders");
      Sql.execute(target.dataSource(), OrdersTable.createSql("public.orders"));

      ApplySuite.log("Lockstep snapshot");
      String yaml =
          PipelineFile.yaml(
              "bench_fullload", source, List.of("public.orders"), target, bench, "fullload", null);
      Run ours;
      try (TableProgress progress = new TableProgress(target.dataSource(), "public", "orders");
          ChildJvm child = bench.lockstep("full-load-lockstep", yaml, "capture,apply")) {
        // Reading 10M rows' aggregate is slow: wait for the statistics to count them all first.
        Duration done =
            progress.awaitState("public.orders", expected, rows, child, Duration.ofMinutes(40));
        ours = Run.of(rows, progress, done, "");
      }
      List<List<String>> details = new ArrayList<>();
      details.add(List.of("rows", ApplySuite.fmt(rows), ApplySuite.fmt(rows)));
      details.add(
          List.of(
              "rows/s (launch to done; COPY: the whole pipe)",
              ApplySuite.fmt(ours.rate()),
              ApplySuite.fmt(copyRate)));
      details.add(List.of("rows/s (first write to done)", ApplySuite.fmt(ours.steadyRate()), "-"));
      details.add(List.of("start-up (launch to first write)", ours.startup(), "-"));
      details.add(List.of("wall time", ours.wall(), Run.seconds(copyTime)));
      Map<String, List<TableProgress.Sample>> series = new LinkedHashMap<>();
      series.put("Lockstep snapshot", ours.series());
      return SuiteResult.throughput(
          "full-load",
          bench.sizes.mode(),
          "rows/s",
          ours.rate(),
          "copy",
          copyRate,
          details,
          series);
    }
  }

  /** Fills the table server-side, in chunks, with the rows version 1 of the workload has. */
  private static void fill(EmbeddedPostgresServer source, long rows) throws Exception {
    long chunk = 1_000_000;
    for (long from = 1; from <= rows; from += chunk) {
      long to = Math.min(rows, from + chunk - 1);
      Sql.execute(
          source.dataSource(),
          "INSERT INTO public.orders SELECT g, 'customer-' || g || '-v1',"
              + " ((g * 7919 + 104729) % 100000000) / 100.0,"
              + " timestamptz '2026-01-01 00:00:01.001123+00' + g * interval '1 second',"
              + " jsonb_build_object('tier', CASE WHEN g % 3 = 0 THEN 'gold' ELSE 'silver' END,"
              + " 'score', (g * 31 + 1) % 1000, 'tags', jsonb_build_array('a', 'b')), 1"
              + " FROM generate_series(CAST("
              + from
              + " AS bigint)"
              + ", "
              + to
              + ") g");
    }
  }

  private static void copy(EmbeddedPostgresServer source, EmbeddedPostgresServer target)
      throws Exception {
    try (Connection from = source.connect();
        Connection to = target.connect();
        PipedOutputStream out = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(out, 1 << 20)) {
      CopyManager reader = from.unwrap(PGConnection.class).getCopyAPI();
      CopyManager writer = to.unwrap(PGConnection.class).getCopyAPI();
      CompletableFuture<Long> dump =
          CompletableFuture.supplyAsync(
              () -> {
                try (out) {
                  return reader.copyOut("COPY public.orders TO STDOUT", out);
                } catch (Exception e) {
                  throw new IllegalStateException("COPY TO STDOUT failed", e);
                }
              });
      writer.copyIn("COPY public.orders FROM STDIN", in);
      dump.join();
    } catch (IOException e) {
      throw new IllegalStateException("COPY pipe failed", e);
    }
  }
}
