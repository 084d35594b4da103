package io.lockstep.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.config.PipelineConfig;
import io.lockstep.discrepancy.Discrepancy.Kind;
import io.lockstep.it.fixture.Tables;
import io.lockstep.it.recovery.ReconcileFixture.Expected;
import io.lockstep.recovery.reconcile.ForceSyncRepair;
import io.lockstep.recovery.reconcile.ReconcileListener;
import io.lockstep.recovery.reconcile.ReconcileRequest;
import io.lockstep.recovery.reconcile.ReconcileResult;
import io.lockstep.recovery.reconcile.ReconcileState;
import io.lockstep.recovery.reconcile.Reconciler;
import io.lockstep.runner.embedded.EmbeddedDatabase;
import io.lockstep.runner.embedded.EmbeddedMariaDbServer;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import io.lockstep.runner.reconcile.ReconcileCommand;
import io.lockstep.runner.schema.SchemaBootstrap;
import io.lockstep.types.Engine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Checksum-bisection reconciliation (issue 7, tier 2) on real servers, PostgreSQL to PostgreSQL and
 * MariaDB to PostgreSQL: 1,000,000 rows of varied types copied identically show no difference; 100
 * scattered differences of all three kinds are found exactly, also by a run resumed from its first
 * checkpoint; a repair run leaves the tables identical. A second table, keyed by text (and by text
 * and number), whose order differs between collations, goes the same way.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ReconciliationIT {

  private static final int ROWS = 1_000_000;
  private static final int REGIONS = 20_000;

  private static EmbeddedPostgresServer pgSource;
  private static EmbeddedMariaDbServer mariaDbSource;
  private static EmbeddedPostgresServer target;

  @BeforeAll
  static void start() throws Exception {
    pgSource = EmbeddedPostgresServer.start("reconcile-source");
    target = EmbeddedPostgresServer.start("reconcile-target");
    mariaDbSource = EmbeddedMariaDbServer.start("reconcile-mariadb");
  }

  @AfterAll
  static void stop() throws Exception {
    for (EmbeddedDatabase server : new EmbeddedDatabase[] {pgSource, mariaDbSource, target}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void postgresToPostgres() throws Exception {
    Tables.execute(
        pgSource,
        "CREATE SCHEMA rc",
        "CREATE TABLE rc.items (id bigint PRIMARY KEY, name varchar(60), code char(8),"
            + " price numeric(12,2), qty integer, ratio double precision, active boolean,"
            + " created timestamp(6), updated timestamptz(6), day date, at time(6),"
            + " payload jsonb, tags text[], blob bytea, ref uuid, note text)",
        "INSERT INTO rc.items SELECT g, 'item ' || g || CASE WHEN g % 7 = 0 THEN '  ' ELSE ''"
            + " END, 'C' || (g % 1000), (g % 100000) / 100.0 + 0.5, g % 37, g / 7.0, g % 2 = 0,"
            + " timestamp '2024-01-01' + g * interval '1.000001 second',"
            + " timestamptz '2024-03-31 00:00:00+00' + g * interval '17 seconds',"
            + " date '2000-01-01' + (g % 9000), time '00:00:00' + g * interval '1 ms',"
            + " jsonb_build_object('n', g, 'tag', 'x' || (g % 5)), ARRAY['a' || g, 'b'],"
            + " decode(md5(g::text), 'hex'), md5(g::text)::uuid,"
            + " CASE WHEN g % 10 = 0 THEN NULL ELSE 'note ' || g END"
            + " FROM generate_series(1, "
            + ROWS
            + ") g",
        "CREATE TABLE rc.regions (region text, seq integer, amount numeric(10,2),"
            + " PRIMARY KEY (region, seq))",
        "INSERT INTO rc.regions SELECT chr(65 + g % 26) || lower(chr(65 + g % 13)) || 'é'"
            + " || (g % 50), g, g / 3.0 FROM generate_series(1, "
            + REGIONS
            + ") g");
    Tables.execute(target, "CREATE SCHEMA pp");
    String yaml =
        ReconcileFixture.yaml("rc_pg", pgSource, pgSource.database(), "rc\\\\..*", target, "pp");
    exercise(yaml, pgSource, "rc", "pp", "regions", "SELECT region || '|' || seq FROM rc.regions");
  }

  @Test
  void mariaDbToPostgres() throws Exception {
    Tables.execute(
        mariaDbSource,
        "CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
        "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(60), code CHAR(8),"
            + " price DECIMAL(12,2), qty INT, flag TINYINT(1), ratio DOUBLE,"
            + " created DATETIME(6), updated TIMESTAMP(6) NULL, day DATE, at TIME(6),"
            + " payload JSON, bin BLOB, ref CHAR(36), note TEXT)",
        "INSERT INTO shop.items SELECT seq, CONCAT('item ', seq, IF(seq % 7 = 0, '  ', '')),"
            + " CONCAT('C', seq % 1000), (seq % 100000) / 100 + 0.5, seq % 37, seq % 2, seq / 8,"
            + " TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq SECOND + INTERVAL seq MICROSECOND,"
            + " FROM_UNIXTIME(1711843200 + seq * 17), DATE'2000-01-01' + INTERVAL (seq % 9000) DAY,"
            + " SEC_TO_TIME((seq % 86400000) / 1000), JSON_OBJECT('n', seq, 'tag',"
            + " CONCAT('x', seq % 5)), UNHEX(MD5(seq)), UUID(),"
            + " IF(seq % 10 = 0, NULL, CONCAT('note ', seq)) FROM seq_1_to_"
            + ROWS,
        "CREATE TABLE shop.regions (code VARCHAR(40) PRIMARY KEY, n INT, amount DECIMAL(10,2))",
        "INSERT INTO shop.regions SELECT CONCAT(CHAR(65 + seq % 26 USING utf8mb4),"
            + " LOWER(CHAR(65 + seq % 13 USING utf8mb4)), 'é', seq), seq, seq / 3"
            + " FROM seq_1_to_"
            + REGIONS);
    Tables.execute(target, "CREATE SCHEMA mp");
    String yaml =
        ReconcileFixture.yaml("rc_maria", mariaDbSource, "shop", "shop\\\\..*", target, "mp");
    exercise(yaml, mariaDbSource, "shop", "mp", "regions", "SELECT code FROM shop.regions");
  }

  private void exercise(
      String yaml,
      EmbeddedDatabase source,
      String sourceSchema,
      String targetSchema,
      String textKeyed,
      String textKeysSql)
      throws Exception {
    PipelineConfig config = ReconcileFixture.config(yaml);
    SchemaBootstrap.apply(config, SchemaBootstrap.plan(config));
    try (Connection s = source.connect();
        Connection t = target.connect()) {
      ReconcileFixture.copy(s, source.engine(), sourceSchema, "items", t, targetSchema);
      ReconcileFixture.copy(s, source.engine(), sourceSchema, textKeyed, t, targetSchema);
    }
    try (Reconciler reconciler = Reconciler.open(config);
        ForceSyncRepair repair = ForceSyncRepair.open(config)) {
      String items = sourceSchema + ".items";
      String regions = sourceSchema + "." + textKeyed;

      // identical copies: nothing to report
      ReconcileResult identical = reconciler.run(ReconcileRequest.table(items), null, null, null);
      assertThat(identical.differences()).isEmpty();
      assertThat(identical.rowsCompared()).isEqualTo(ROWS);
      // the databases' checksums agreed at once: no range was split or fetched to find out
      assertThat(identical.rangesDone()).isEqualTo(1);
      ReconcileResult identicalRegions =
          reconciler.run(ReconcileRequest.table(regions), null, null, null);
      assertThat(identicalRegions.differences()).isEmpty();
      assertThat(identicalRegions.rangesDone()).isEqualTo(1);
      if (source.engine() == Engine.MARIADB) {
        assertThat(identical.comparedInJava()).contains("ratio");
      }

      Set<Expected> expected = scatterDifferences(source, sourceSchema, targetSchema);
      Set<Expected> expectedRegions =
          scatterRegionDifferences(source, sourceSchema, targetSchema, textKeyed, textKeysSql);

      List<Long> progressRows = new ArrayList<>();
      ReconcileListener listener =
          new ReconcileListener() {
            @Override
            public void onProgress(io.lockstep.recovery.reconcile.ReconcileProgress progress) {
              progressRows.add(progress.rowsCompared());
            }
          };
      ReconcileResult dryRun = reconciler.run(ReconcileRequest.table(items), null, listener, null);
      assertThat(ReconcileFixture.found(dryRun.differences())).isEqualTo(expected);
      assertThat(dryRun.consistent()).isFalse();
      assertThat(progressRows).isNotEmpty().isSorted();
      assertThat(
              ReconcileFixture.found(
                  reconciler.run(ReconcileRequest.table(regions), null, null, null).differences()))
          .isEqualTo(expectedRegions);

      // a run stopped after its first checkpoint finds the same once resumed
      AtomicReference<ReconcileState> saved = new AtomicReference<>();
      assertThatThrownBy(
              () ->
                  reconciler.run(
                      ReconcileRequest.table(items),
                      null,
                      null,
                      state -> {
                        saved.set(state);
                        throw new IllegalStateException("stopped after the first checkpoint");
                      }))
          .hasMessageContaining("stopped");
      ReconcileState first = ReconcileState.fromJson(saved.get().toJson());
      assertThat(first.complete()).isFalse();
      ReconcileResult resumed = reconciler.resume(first, null, null, null);
      assertThat(ReconcileFixture.found(resumed.differences())).isEqualTo(expected);

      // the command: bad input, a dry run that finds the differences, a repair that clears them
      Path file = Files.createTempFile("reconcile-", ".yaml");
      try {
        Files.writeString(file, yaml);
        Run unknown = command("--config", file.toString(), "--table", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown table 'nope'").contains(items);
        Run found = command("--config", file.toString(), "--table", items);
        assertThat(found.exitCode()).isEqualTo(1);
        assertThat(found.out().lines().filter(l -> l.startsWith(items + " key "))).hasSize(100);
        assertThat(found.out())
            .contains("100 differences (33 missing, 33 unexpected, 34 different)");
        Run repairedByCommand =
            command(
                "--config",
                file.toString(),
                "--table",
                items,
                "--repair",
                "--rows-per-second",
                "1000000");
        assertThat(repairedByCommand.exitCode()).as(repairedByCommand.out()).isZero();
        assertThat(repairedByCommand.out()).contains("100 repaired; consistent");
      } finally {
        Files.deleteIfExists(file);
      }
      assertThat(
              reconciler
                  .run(ReconcileRequest.builder(regions).repair(true).build(), repair, null, null)
                  .unresolved())
          .isEmpty();
      assertThat(reconciler.run(ReconcileRequest.table(items), null, null, null).differences())
          .isEmpty();
      assertThat(reconciler.run(ReconcileRequest.table(regions), null, null, null).differences())
          .isEmpty();

      // a paced run takes at least the time its rows allow
      ReconcileResult paced =
          reconciler.run(
              ReconcileRequest.builder(regions).rowsPerSecond(20_000).build(), null, null, null);
      assertThat(paced.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
      assertThat(paced.differences()).isEmpty();
    }
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run command(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine =
        new CommandLine(new ReconcileCommand(ReconcileFixture.ENVIRONMENT::get))
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * 100 differences spread over the key range: a third differ in one column each (text, decimal,
   * timestamp by a microsecond, double, nullable text), a third are deleted on the target
   * (missing), a third deleted on the source (unexpected).
   */
  private Set<Expected> scatterDifferences(
      EmbeddedDatabase source, String sourceSchema, String targetSchema) throws Exception {
    String[] updates = {
      "name = name || '!'",
      "price = price + 1",
      "created = created + interval '1 microsecond'",
      "ratio = ratio + 0.5",
      "note = 'changed'"
    };
    String[] columns = {"name", "price", "created", "ratio", "note"};
    Set<Expected> expected = new TreeSet<>();
    List<String> onTarget = new ArrayList<>();
    List<String> onSource = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      long id = 997 + i * 1_103L;
      switch (i % 3) {
        case 0 -> {
          onTarget.add(
              "UPDATE " + targetSchema + ".items SET " + updates[i % 5] + " WHERE id = " + id);
          expected.add(new Expected(Long.toString(id), Kind.DIFFERENT, Set.of(columns[i % 5])));
        }
        case 1 -> {
          onTarget.add("DELETE FROM " + targetSchema + ".items WHERE id = " + id);
          expected.add(new Expected(Long.toString(id), Kind.MISSING, Set.of()));
        }
        default -> {
          onSource.add("DELETE FROM " + sourceSchema + ".items WHERE id = " + id);
          expected.add(new Expected(Long.toString(id), Kind.UNEXPECTED, Set.of()));
        }
      }
    }
    Tables.execute(target, onTarget.toArray(String[]::new));
    Tables.execute(source, onSource.toArray(String[]::new));
    return expected;
  }

  private Set<Expected> scatterRegionDifferences(
      EmbeddedDatabase source,
      String sourceSchema,
      String targetSchema,
      String table,
      String keysSql)
      throws Exception {
    List<String> keys = new ArrayList<>();
    try (Connection c = source.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(keysSql)) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    keys.sort(null);
    String keyColumn = source.engine() == Engine.MARIADB ? "code" : "region || '|' || seq";
    Set<Expected> expected = new TreeSet<>();
    List<String> onTarget = new ArrayList<>();
    List<String> onSource = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String key = keys.get(7 + i * 1_999);
      String where = " WHERE " + keyColumn + " = '" + key + "'";
      switch (i % 3) {
        case 0 -> {
          onTarget.add("UPDATE " + targetSchema + "." + table + " SET amount = amount + 1" + where);
          expected.add(new Expected(key, Kind.DIFFERENT, Set.of("amount")));
        }
        case 1 -> {
          onTarget.add("DELETE FROM " + targetSchema + "." + table + where);
          expected.add(new Expected(key, Kind.MISSING, Set.of()));
        }
        default -> {
          onSource.add(
              "DELETE FROM "
                  + sourceSchema
                  + "."
                  + table
                  + (source.engine() == Engine.MARIADB ? " WHERE code = '" + key + "'" : where));
          expected.add(new Expected(key, Kind.UNEXPECTED, Set.of()));
        }
      }
    }
    Tables.execute(target, onTarget.toArray(String[]::new));
    Tables.execute(source, onSource.toArray(String[]::new));
    return expected;
  }
}
