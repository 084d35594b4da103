package io.lockstep.bench;

import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Suite 4: commit-to-applied latency at steady rates. The source stamps each row with {@code
 * clock_timestamp()} as it is inserted; a trigger on the target stamps it again as it is written
 * there (both servers share this machine's clock). Lockstep and native logical replication each run
 * every rate on the same table shape.
 */
final class LatencySuite {

  /** Percentiles of one rate. */
  record Percentiles(
      int rate, double achievedRate, double p50, double p99, double max, boolean sustained) {}

  private static final int TICKS_PER_SECOND = 100;
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);

  /** A row slower than this marks its second as a stall in the log. */
  private static final Duration STALL = Duration.ofMillis(500);

  private final Bench bench;
  private long nextId = 1;

  LatencySuite(Bench bench) {
    this.bench = bench;
  }

  SuiteResult run() throws Exception {
    try (EmbeddedPostgresServer source = bench.postgres("latency-source");
        EmbeddedPostgresServer target = bench.postgres("latency-target")) {
      Sql.execute(
          source.dataSource(),
          "CREATE TABLE public.ticks (id bigint PRIMARY KEY, payload text NOT NULL,"
              + " created_at timestamptz NOT NULL DEFAULT clock_timestamp())");
      Sql.execute(
          target.dataSource(),
          "CREATE TABLE public.ticks (id bigint PRIMARY KEY, payload text NOT NULL,"
              + " created_at timestamptz NOT NULL, applied_at timestamptz)",
          "CREATE FUNCTION stamp_applied() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN NEW.applied_at := clock_timestamp(); RETURN NEW; END $$",
          "CREATE TRIGGER stamp_applied BEFORE INSERT OR UPDATE ON public.ticks"
              + " FOR EACH ROW EXECUTE FUNCTION stamp_applied()",
          // Native subscriptions fire only ALWAYS (or REPLICA) triggers.
          "ALTER TABLE public.ticks ENABLE ALWAYS TRIGGER stamp_applied");

      List<Percentiles> ours = new ArrayList<>();
      String yaml =
          PipelineFile.yaml(
              "bench_latency", source, List.of("public.ticks"), target, bench, "latency", null);
      try (ChildJvm child = bench.lockstep("latency-lockstep", yaml, "capture,apply")) {
        warmUp("Lockstep", source, target, child);
        for (int rate : bench.sizes.latencyRates()) {
          ours.add(measure("Lockstep", rate, bench.sizes.latencyPerRate(), source, target, child));
        }
      }
      Sql.execute(source.dataSource(), "SELECT pg_drop_replication_slot('lockstep_bench_latency')");

      List<Percentiles> theirs = new ArrayList<>();
      Sql.subscribeNatively(source, target, "public.ticks", false);
      try {
        warmUp("native", source, target, null);
        for (int rate : bench.sizes.latencyRates()) {
          theirs.add(measure("native", rate, bench.sizes.latencyPerRate(), source, target, null));
        }
      } finally {
        Sql.execute(target.dataSource(), "DROP SUBSCRIPTION bench_native");
      }
      return result(ours, theirs);
    }
  }

  private SuiteResult result(List<Percentiles> ours, List<Percentiles> theirs) {
    List<List<String>> details = new ArrayList<>();
    List<String> rates = new ArrayList<>();
    Map<String, List<Double>> chart = new LinkedHashMap<>();
    for (String name : List.of("Lockstep p50", "Lockstep p99", "native p50", "native p99")) {
      chart.put(name, new ArrayList<>());
    }
    Percentiles headlineOurs = ours.get(0);
    Percentiles headlineTheirs = theirs.get(0);
    for (int i = 0; i < ours.size(); i++) {
      Percentiles o = ours.get(i);
      Percentiles t = theirs.get(i);
      rates.add(Integer.toString(o.rate()));
      details.add(
          List.of(
              o.rate() + " changes/s: p50 / p99 / max (achieved rate, sustained?)",
              describe(o),
              describe(t)));
      chart.get("Lockstep p50").add(o.p50());
      chart.get("Lockstep p99").add(o.p99());
      chart.get("native p50").add(t.p50());
      chart.get("native p99").add(t.p99());
      if (o.rate() == 5_000) {
        headlineOurs = o;
        headlineTheirs = t;
      }
    }
    details.add(
        List.of(
            "seconds per rate",
            Long.toString(bench.sizes.latencyPerRate().toSeconds()),
            Long.toString(bench.sizes.latencyPerRate().toSeconds())));
    return new SuiteResult(
        "latency",
        bench.sizes.mode(),
        "ms",
        headlineOurs.p99(),
        "native-logical-replication-p99@" + headlineOurs.rate(),
        headlineTheirs.p99(),
        false,
        details,
        Map.of(),
        rates,
        chart);
  }

  private static String describe(Percentiles p) {
    return String.format(
        Locale.ROOT,
        "%.0f / %.0f / %.0f ms (%,.0f/s, %s)",
        p.p50(),
        p.p99(),
        p.max(),
        p.achievedRate(),
        p.sustained() ? "sustained" : "NOT sustained");
  }

  /**
   * Waits for a first row to arrive, then loads the writer at the highest rate for the warm-up
   * time, unmeasured: a cold pipeline falls seconds behind in its first seconds of load (the JIT
   * compiling its paths), which is start-up, not the steady rate the windows measure.
   */
  private void warmUp(
      String writer, EmbeddedPostgresServer source, EmbeddedPostgresServer target, ChildJvm child)
      throws Exception {
    firstRow(source, target, child);
    Duration warmUp = bench.sizes.latencyWarmUp();
    if (!warmUp.isZero()) {
      int highest = bench.sizes.latencyRates().stream().max(Integer::compare).orElseThrow();
      Percentiles cold = measure(writer + " warm-up", highest, warmUp, source, target, child);
      ApplySuite.log("  (warm-up, not counted: p99 %,.0f ms)", cold.p99());
    }
  }

  /** Waits until a first row crosses, so the measured rates see a streaming pipeline. */
  private void firstRow(
      EmbeddedPostgresServer source, EmbeddedPostgresServer target, ChildJvm child)
      throws Exception {
    long id = nextId++;
    Sql.execute(
        source.dataSource(), "INSERT INTO public.ticks (id, payload) VALUES (" + id + ", 'warm')");
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (countBetween(target, id, id + 1) == 0) {
      if (child != null) {
        child.checkAlive();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the first row did not reach the target in 3 minutes");
      }
      Thread.sleep(100);
    }
  }

  private Percentiles measure(
      String writer,
      int rate,
      Duration window,
      EmbeddedPostgresServer source,
      EmbeddedPostgresServer target,
      ChildJvm child)
      throws Exception {
    ApplySuite.log("%s: %,d changes/s for %s", writer, rate, window);
    long first = nextId;
    int perTick = Math.max(1, rate / TICKS_PER_SECOND);
    AtomicLong inserted = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long started = System.nanoTime();
    try (Connection connection = source.connect();
        PreparedStatement insert = connection.prepareStatement(insertSql(perTick))) {
      connection.setAutoCommit(true);
      ticker.scheduleAtFixedRate(
          () -> {
            try {
              long from = nextIds(perTick);
              for (int i = 0; i < perTick; i++) {
                insert.setLong(2 * i + 1, from + i);
                insert.setString(2 * i + 2, "tick " + (from + i));
              }
              insert.executeUpdate();
              inserted.addAndGet(perTick);
            } catch (SQLException e) {
              failure.compareAndSet(null, e);
              throw new IllegalStateException(e);
            }
          },
          0,
          1_000_000 / TICKS_PER_SECOND,
          TimeUnit.MICROSECONDS);
      ticker.awaitTermination(window.toMillis(), TimeUnit.MILLISECONDS);
      ticker.shutdown();
      ticker.awaitTermination(10, TimeUnit.SECONDS);
    } finally {
      ticker.shutdownNow();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    long last = first + inserted.get();
    long stopped = System.nanoTime();
    boolean drained = false;
    while (System.nanoTime() - stopped < Duration.ofMinutes(2).toNanos()) {
      if (child != null) {
        child.checkAlive();
      }
      if (countBetween(target, first, last) == inserted.get()) {
        drained = true;
        break;
      }
      Thread.sleep(100);
    }
    if (!drained) {
      throw new IllegalStateException(
          writer + " did not apply the rows of the " + rate + "/s run within 2 minutes");
    }
    Duration drain = Duration.ofNanos(System.nanoTime() - stopped);
    double achieved = inserted.get() / elapsed;
    try (Connection connection = target.connect();
        PreparedStatement latency =
            connection.prepareStatement(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms),"
                    + " percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), max(ms)"
                    + " FROM (SELECT extract(epoch FROM applied_at - created_at) * 1000 AS ms"
                    + " FROM public.ticks WHERE id >= ? AND id < ?) l")) {
      latency.setLong(1, first);
      latency.setLong(2, last);
      try (ResultSet rows = latency.executeQuery()) {
        rows.next();
        boolean sustained = achieved >= 0.95 * rate && drain.compareTo(DRAIN_LIMIT) <= 0;
        Percentiles result =
            new Percentiles(
                rate, achieved, rows.getDouble(1), rows.getDouble(2), rows.getDouble(3), sustained);
        ApplySuite.log("  %s; drained %s after the load stopped", describe(result), drain);
        logStalls(target, first, last);
        return result;
      }
    }
  }

  /**
   * Logs the seconds of the window whose slowest row took over {@link #STALL}: a p99 far above the
   * median comes from such seconds, and their times are where to start looking.
   */
  private static void logStalls(EmbeddedPostgresServer target, long first, long last)
      throws Exception {
    List<String> stalls = new ArrayList<>();
    try (Connection connection = target.connect();
        PreparedStatement slowest =
            connection.prepareStatement(
                "SELECT floor(extract(epoch FROM created_at)) AS s,"
                    + " max(extract(epoch FROM applied_at - created_at) * 1000)"
                    + " FROM public.ticks WHERE id >= ? AND id < ? GROUP BY 1"
                    + " HAVING max(extract(epoch FROM applied_at - created_at) * 1000) > ?"
                    + " ORDER BY 1")) {
      slowest.setLong(1, first);
      slowest.setLong(2, last);
      slowest.setLong(3, STALL.toMillis());
      try (ResultSet rows = slowest.executeQuery()) {
        while (rows.next()) {
          stalls.add(
              String.format(
                  Locale.ROOT,
                  "%s %,.0f ms",
                  LocalTime.ofInstant(
                      Instant.ofEpochSecond(rows.getLong(1)), ZoneId.systemDefault()),
                  rows.getDouble(2)));
        }
      }
    }
    if (!stalls.isEmpty()) {
      ApplySuite.log(
          "  seconds with a row slower than %d ms: %s",
          STALL.toMillis(), String.join("; ", stalls));
    }
  }

  private synchronized long nextIds(int count) {
    long from = nextId;
    nextId += count;
    return from;
  }

  private static String insertSql(int rows) {
    StringBuilder sql = new StringBuilder("INSERT INTO public.ticks (id, payload) VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
    }
    return sql.toString();
  }

  private static long countBetween(EmbeddedPostgresServer target, long from, long to)
      throws SQLException {
    try (Connection connection = target.connect();
        PreparedStatement count =
            connection.prepareStatement(
                "SELECT count(*) FROM public.ticks WHERE id >= ? AND id < ?")) {
      count.setLong(1, from);
      count.setLong(2, to);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
