package io.lockstep.bench;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.recovery.reconcile.Difference;
import io.lockstep.recovery.reconcile.ReconcileRequest;
import io.lockstep.recovery.reconcile.ReconcileResult;
import io.lockstep.recovery.reconcile.Reconciler;
import io.lockstep.runner.embedded.EmbeddedDatabase;
import io.lockstep.runner.embedded.EmbeddedMariaDbServer;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reconciliation by checksum bisection (issue 7, tier 2) against a plain full-table hash scan: the
 * same table, identical on both sides, compared once by Lockstep's reconciler and once by streaming
 * the MD5 of every row from both databases in key order and comparing them in Java; then Lockstep
 * again after 100 scattered differences (missing, unexpected, different), all of which it must
 * find. PostgreSQL to PostgreSQL and MariaDB to PostgreSQL.
 */
final class ReconcileSuite {

  /** The canonical text of a row of {@link #PG_TABLE} on PostgreSQL, for the baseline. */
  private static final String PG_ROW =
      "md5(concat_ws('|', id::text, name, trim_scale(price)::text, qty::text,"
          + " CASE WHEN flag THEN '1' ELSE '0' END,"
          + " to_char(created, 'YYYY-MM-DD HH24:MI:SS.US'), to_char(day, 'YYYY-MM-DD'),"
          + " COALESCE(note, '-')))";

  /** The same text on MariaDB. */
  private static final String MARIADB_ROW =
      "MD5(CONCAT_WS('|', id, name, CASE WHEN INSTR(price, '.') > 0 THEN TRIM(TRAILING '.' FROM"
          + " TRIM(TRAILING '0' FROM CAST(price AS CHAR))) ELSE CAST(price AS CHAR) END, qty,"
          + " flag, DATE_FORMAT(created, '%Y-%m-%d %H:%i:%s.%f'), DATE_FORMAT(day, '%Y-%m-%d'),"
          + " COALESCE(note, '-')))";

  private static final String PG_TABLE =
      "(id bigint PRIMARY KEY, name varchar(60), price numeric(12,2), qty integer,"
          + " flag boolean, created timestamp(6), day date, note text)";

  private final Bench bench;

  ReconcileSuite(Bench bench) {
    this.bench = bench;
  }

  /** One route's figures. */
  private record Route(
      String name, double identicalSeconds, double differencesSeconds, double baselineSeconds) {}

  SuiteResult run() throws Exception {
    long rows = bench.sizes.reconcileRows();
    Route postgres;
    Route mariaDb;
    try (EmbeddedPostgresServer target = bench.postgres("reconcile-target")) {
      try (EmbeddedPostgresServer source = bench.postgres("reconcile-source")) {
        ApplySuite.log("reconcile: %,d identical rows on two PostgreSQL servers", rows);
        inParallel(
            () -> fillPostgres(source, "public", rows), () -> fillPostgres(target, "public", rows));
        postgres = route("PostgreSQL -> PostgreSQL", source, "public", target, "public", rows);
      }
      try (EmbeddedMariaDbServer source = EmbeddedMariaDbServer.start("reconcile-mariadb")) {
        ApplySuite.log("reconcile: %,d identical rows on MariaDB and PostgreSQL", rows);
        inParallel(() -> fillMariaDb(source, rows), () -> fillPostgres(target, "bench", rows));
        mariaDb = route("MariaDB -> PostgreSQL", source, "bench", target, "bench", rows);
      }
    }
    List<List<String>> details = new ArrayList<>();
    details.add(List.of("rows per table", fmt(rows), fmt(rows)));
    for (Route route : List.of(postgres, mariaDb)) {
      details.add(
          List.of(
              route.name() + ", identical: seconds (rows/s)",
              seconds(route.identicalSeconds(), rows),
              seconds(route.baselineSeconds(), rows)));
      details.add(
          List.of(
              route.name() + ", 100 scattered differences, all found: seconds (rows/s)",
              seconds(route.differencesSeconds(), rows),
              "-"));
    }
    details.add(
        List.of(
            "how",
            "checksum bisection: bucket checksums grouped in both databases at once, 1,000-row"
                + " leaves fetched and compared",
            "MD5 of every row's canonical text, streamed from both in key order, compared in"
                + " Java"));
    return SuiteResult.throughput(
        "reconcile",
        bench.sizes.mode(),
        "rows/s",
        rows / postgres.identicalSeconds(),
        "full-hash-scan",
        rows / postgres.baselineSeconds(),
        details,
        Map.of());
  }

  private Route route(
      String name,
      EmbeddedDatabase source,
      String sourceSchema,
      EmbeddedPostgresServer target,
      String targetSchema,
      long rows)
      throws Exception {
    PipelineConfig config = config(source, sourceSchema, target, targetSchema);
    String table = sourceSchema + ".items";
    try (Reconciler reconciler = Reconciler.open(config)) {
      ApplySuite.log("%s: full hash scan (the baseline)", name);
      double baseline = baseline(source, sourceSchema, target, targetSchema, rows);
      ApplySuite.log("%s: baseline %.1f s", name, baseline);

      ApplySuite.log("%s: Lockstep reconcile, identical tables", name);
      long started = System.nanoTime();
      ReconcileResult identical = reconciler.run(ReconcileRequest.table(table), null, null, null);
      double identicalSeconds = (System.nanoTime() - started) / 1e9;
      if (!identical.differences().isEmpty() || identical.rowsCompared() != rows) {
        throw new IllegalStateException(
            name
                + ": identical tables reported "
                + identical.differences().size()
                + " differences over "
                + identical.rowsCompared()
                + " rows");
      }
      ApplySuite.log("%s: identical in %.1f s", name, identicalSeconds);

      Set<String> expected = scatter(source, sourceSchema, target, targetSchema, rows);
      started = System.nanoTime();
      ReconcileResult found = reconciler.run(ReconcileRequest.table(table), null, null, null);
      double differencesSeconds = (System.nanoTime() - started) / 1e9;
      Set<String> actual = new TreeSet<>();
      for (Difference d : found.differences()) {
        actual.add(d.keyText().get(0) + " " + d.kind());
      }
      if (!actual.equals(expected)) {
        throw new IllegalStateException(
            name + ": expected the 100 differences " + expected + " but found " + actual);
      }
      ApplySuite.log("%s: 100 differences found in %.1f s", name, differencesSeconds);
      return new Route(name, identicalSeconds, differencesSeconds, baseline);
    }
  }

  private PipelineConfig config(
      EmbeddedDatabase source, String sourceSchema, EmbeddedDatabase target, String targetSchema) {
    String yaml =
        """
        pipeline:
          name: bench_reconcile
        source:
          type: %s
          host: localhost
          port: %d
          database: %s
          user: %s
          password-env: %s
          tables: ["%s\\\\.items"]
        target:
          type: postgres
          host: localhost
          port: %d
          database: %s
          user: %s
          password-env: %s
          schema: %s
        kafka:
          bootstrap-servers: %s
        """
            .formatted(
                source.engine().configName(),
                source.port(),
                source instanceof EmbeddedMariaDbServer ? sourceSchema : source.database(),
                source.user(),
                Bench.PASSWORD_ENV,
                sourceSchema,
                target.port(),
                target.database(),
                target.user(),
                Bench.PASSWORD_ENV,
                targetSchema,
                bench.kafka.bootstrapServers());
    return new PipelineConfigLoader(Map.of(Bench.PASSWORD_ENV, "unused")::get)
        .parse(yaml, "reconcile suite");
  }

  /** A fill of the workload's tables, which throws what the database said. */
  private interface Fill {
    void run() throws SQLException;
  }

  /**
   * Fills the two sides at once: each is one statement in its own server, and the fills of ten
   * million rows would otherwise be most of the suite's time.
   */
  private static void inParallel(Fill first, Fill second) throws Exception {
    ExecutorService fills = Executors.newFixedThreadPool(2);
    try {
      Future<?> a =
          fills.submit(
              () -> {
                first.run();
                return null;
              });
      Future<?> b =
          fills.submit(
              () -> {
                second.run();
                return null;
              });
      a.get();
      b.get();
    } finally {
      fills.shutdownNow();
    }
  }

  private static void fillPostgres(EmbeddedPostgresServer server, String schema, long rows)
      throws SQLException {
    Sql.execute(
        server.dataSource(),
        "CREATE SCHEMA IF NOT EXISTS " + schema,
        "CREATE UNLOGGED TABLE " + schema + ".items " + PG_TABLE,
        "INSERT INTO "
            + schema
            + ".items SELECT g, 'item ' || g, (g % 100000) / 100.0, g % 37,"
            + " g % 2 = 0, timestamp '2024-01-01' + g * interval '1 second',"
            + " date '2000-01-01' + (g % 9000)::int,"
            + " CASE WHEN g % 10 = 0 THEN NULL ELSE 'note ' || g END"
            + " FROM generate_series(1, "
            + rows
            + ") g",
        "VACUUM ANALYZE " + schema + ".items");
  }

  private static void fillMariaDb(EmbeddedMariaDbServer server, long rows) throws SQLException {
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE bench CHARACTER SET utf8mb4");
      st.execute(
          "CREATE TABLE bench.items (id BIGINT PRIMARY KEY, name VARCHAR(60),"
              + " price DECIMAL(12,2), qty INT, flag TINYINT(1), created DATETIME(6), day DATE,"
              + " note TEXT)");
      st.execute(
          "INSERT INTO bench.items SELECT seq, CONCAT('item ', seq), (seq % 100000) / 100,"
              + " seq % 37, seq % 2 = 0, TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq SECOND,"
              + " DATE'2000-01-01' + INTERVAL (seq % 9000) DAY,"
              + " IF(seq % 10 = 0, NULL, CONCAT('note ', seq)) FROM seq_1_to_"
              + rows);
      st.execute("ANALYZE TABLE bench.items");
    }
  }

  /**
   * 100 differences spread over the key range: a third updated on the target, a third deleted on
   * the target, a third deleted on the source. Returns them as "key KIND".
   */
  private static Set<String> scatter(
      EmbeddedDatabase source,
      String sourceSchema,
      EmbeddedPostgresServer target,
      String targetSchema,
      long rows)
      throws SQLException {
    long step = rows / 101;
    Set<String> expected = new TreeSet<>();
    try (Connection s = source.connect();
        Statement onSource = s.createStatement();
        Connection t = target.connect();
        Statement onTarget = t.createStatement()) {
      for (int i = 0; i < 100; i++) {
        long id = 7 + i * step;
        switch (i % 3) {
          case 0 -> {
            onTarget.execute(
                "UPDATE "
                    + targetSchema
                    + ".items SET "
                    + (i % 2 == 0 ? "name = name || '!'" : "price = price + 1")
                    + " WHERE id = "
                    + id);
            expected.add(id + " " + Discrepancy.Kind.DIFFERENT);
          }
          case 1 -> {
            onTarget.execute("DELETE FROM " + targetSchema + ".items WHERE id = " + id);
            expected.add(id + " " + Discrepancy.Kind.MISSING);
          }
          default -> {
            onSource.execute("DELETE FROM " + sourceSchema + ".items WHERE id = " + id);
            expected.add(id + " " + Discrepancy.Kind.UNEXPECTED);
          }
        }
      }
    }
    return expected;
  }

  /**
   * The baseline: every row's MD5 streamed from both sides in key order at once and compared in
   * Java. Returns its seconds; fails if the identical tables do not compare equal.
   */
  private static double baseline(
      EmbeddedDatabase source,
      String sourceSchema,
      EmbeddedPostgresServer target,
      String targetSchema,
      long rows)
      throws Exception {
    boolean mariaDb = source instanceof EmbeddedMariaDbServer;
    String sourceSql =
        "SELECT id, "
            + (mariaDb ? MARIADB_ROW : PG_ROW)
            + " FROM "
            + sourceSchema
            + ".items ORDER BY id";
    String targetSql = "SELECT id, " + PG_ROW + " FROM " + targetSchema + ".items ORDER BY id";
    long started = System.nanoTime();
    try (Connection s = source.connect();
        Connection t = target.connect()) {
      s.setAutoCommit(mariaDb);
      t.setAutoCommit(false);
      try (Statement onSource = s.createStatement();
          Statement onTarget = t.createStatement()) {
        onSource.setFetchSize(10_000);
        onTarget.setFetchSize(10_000);
        // Both queries start at once; each side's server computes while the other is read.
        CompletableFuture<ResultSet> fromTarget =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return onTarget.executeQuery(targetSql);
                  } catch (SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });
        try (ResultSet a = onSource.executeQuery(sourceSql);
            ResultSet b = fromTarget.join()) {
          long compared = 0;
          long mismatches = 0;
          boolean hasA = a.next();
          boolean hasB = b.next();
          while (hasA || hasB) {
            long idA = hasA ? a.getLong(1) : Long.MAX_VALUE;
            long idB = hasB ? b.getLong(1) : Long.MAX_VALUE;
            if (idA == idB) {
              if (!a.getString(2).equals(b.getString(2))) {
                mismatches++;
              }
              compared++;
              hasA = a.next();
              hasB = b.next();
            } else if (idA < idB) {
              mismatches++;
              hasA = a.next();
            } else {
              mismatches++;
              hasB = b.next();
            }
          }
          if (mismatches != 0 || compared != rows) {
            throw new IllegalStateException(
                "the baseline found "
                    + mismatches
                    + " mismatches over "
                    + compared
                    + " rows of identical tables: its row texts differ between the engines");
          }
        }
      } finally {
        if (!mariaDb) {
          s.rollback();
        }
        t.rollback();
      }
    }
    return (System.nanoTime() - started) / 1e9;
  }

  private static String seconds(double seconds, long rows) {
    return String.format(Locale.ROOT, "%.1f s (%s rows/s)", seconds, fmt(rows / seconds));
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }
}
