package io.lockstep.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.it.fixture.Tables;
import io.lockstep.recovery.sync.ForceSync;
import io.lockstep.recovery.sync.SyncResult;
import io.lockstep.recovery.sync.SyncResult.Action;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.compare.RowByRowComparator;
import io.lockstep.runner.compare.TableComparison;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import io.lockstep.runner.schema.SchemaBootstrap;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Force-sync on a running pipeline: target rows tampered with (values changed, a row deleted, a
 * stray row inserted) are made equal to the source again, marked as written by force-sync, and stay
 * open to newer changes, which replicate over them. One subclass per source engine.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
abstract class ForceSyncIT {

  private static final String ORIGIN = "_lockstep_origin";
  private static final String POSITION = "_lockstep_position";

  abstract EmbeddedStack stack();

  @Test
  void tamperedRowsAreResyncedAndNewerChangesStillReplicateOverThem() throws Exception {
    EmbeddedStack stack = stack();
    Engine sourceEngine = stack.source().engine();
    boolean mariadb = sourceEngine == Engine.MARIADB;
    Tables.execute(
        stack.source(),
        mariadb ? "CREATE DATABASE fs" : "CREATE SCHEMA fs",
        "CREATE TABLE fs.accounts (id int PRIMARY KEY, name varchar(50), balance decimal(12,2),"
            + (mariadb ? " updated datetime(6)," : " updated timestamp(6),")
            + " doc text)",
        "INSERT INTO fs.accounts VALUES "
            + String.join(
                ", ",
                java.util.stream.IntStream.rangeClosed(1, 20)
                    .mapToObj(
                        i ->
                            "("
                                + i
                                + ", 'holder "
                                + i
                                + "', "
                                + i
                                + ".50, '2024-03-31 02:30:00.00000"
                                + (i % 10)
                                + "', 'doc "
                                + i
                                + "')")
                    .toList()));
    PipelineConfig config =
        QuickstartConfig.of(stack, "forcesync", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("fs\\.accounts"));
    try (Connection source = stack.source().connect()) {
      SchemaBootstrap.apply(config, SchemaBootstrap.plan(config, source));
    }
    new LocalPipeline(stack.flink(), config).start();
    awaitTargetEqualsSource(stack);

    Map<Integer, String> positionsBefore = positions(stack);
    Tables.execute(
        stack.target(),
        "UPDATE fs.accounts SET name = 'tampered', balance = -1 WHERE id = 3",
        "UPDATE fs.accounts SET doc = NULL, updated = NULL WHERE id = 4",
        "DELETE FROM fs.accounts WHERE id = 5",
        "INSERT INTO fs.accounts (id, name) VALUES (1000, 'stray')");
    assertThat(compare(stack).matches()).as("the target was tampered with").isFalse();

    String table =
        (mariadb ? "fs" : stack.source().database()) + ".fs.accounts"; // as events name it
    List<SyncResult> results;
    try (ForceSync sync = ForceSync.open(config)) {
      results = sync.sync(table, keys(3, 4, 5, 1000, 7), null);
    }

    assertThat(results)
        .extracting(r -> r.key().get("id"), SyncResult::action, SyncResult::consistent)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, Action.UPSERTED, true),
            org.assertj.core.groups.Tuple.tuple(4, Action.UPSERTED, true),
            org.assertj.core.groups.Tuple.tuple(5, Action.UPSERTED, true),
            org.assertj.core.groups.Tuple.tuple(1000, Action.DELETED, true),
            org.assertj.core.groups.Tuple.tuple(7, Action.ALREADY_CONSISTENT, true));
    assertThat(compare(stack).matches()).as(compare(stack).toString()).isTrue();

    SyncResult three = results.get(0);
    assertThat(three.image()).isNotNull();
    assertThat(three.image().after()).containsEntry("name", "holder 3");
    assertThat(three.position())
        .as("never below the position the row had")
        .isGreaterThanOrEqualTo(positionsBefore.get(3))
        .isEqualTo(three.image().position());
    assertThat(results.get(3).image()).as("a deleted row has no image").isNull();
    assertThat(results.get(4).image()).as("a consistent row's image").isNotNull();

    Map<Integer, String> origins = origins(stack);
    assertThat(origins).containsEntry(3, "F").containsEntry(4, "F").containsEntry(5, "F");
    assertThat(origins).containsEntry(7, "R").doesNotContainKey(1000);
    assertThat(positions(stack).get(3)).isEqualTo(three.position());

    // Force-sync marks rows with a position no newer than the source's: changes still win.
    Tables.execute(
        stack.source(), "UPDATE fs.accounts SET name = 'after sync', balance = 99 WHERE id = 3");
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> origins(stack).get(3).equals("R"));
    awaitTargetEqualsSource(stack);
    assertThat(positions(stack).get(3)).isGreaterThan(three.position());

    // A newer position the caller knows is written instead of the stored one; later changes
    // (which come after it in the source's log) still replicate over the row.
    String known = positions(stack).get(3);
    Tables.execute(stack.target(), "UPDATE fs.accounts SET name = 'tampered' WHERE id = 10");
    try (ForceSync sync = ForceSync.open(config)) {
      results = sync.sync(table, keys(10), known);
    }
    assertThat(results.get(0).action()).isEqualTo(Action.UPSERTED);
    assertThat(results.get(0).position()).isEqualTo(known);
    assertThat(positions(stack).get(10)).isEqualTo(known);
    Tables.execute(stack.source(), "UPDATE fs.accounts SET name = 'later' WHERE id = 10");
    awaitTargetEqualsSource(stack);
    assertThat(origins(stack).get(10)).isEqualTo("R");

    // A row the target refuses fails alone; the rest of its batch is written.
    Tables.execute(
        stack.target(),
        "ALTER TABLE fs.accounts ADD CONSTRAINT positive CHECK (balance >= 0) NOT VALID",
        "UPDATE fs.accounts SET name = 'tampered' WHERE id = 9");
    Tables.execute(stack.source(), "UPDATE fs.accounts SET balance = -5 WHERE id = 8");
    try (ForceSync sync = ForceSync.open(config)) {
      results = sync.sync(table, keys(8, 9), null);
    }
    assertThat(results.get(0).action()).isEqualTo(Action.FAILED);
    assertThat(results.get(0).consistent()).isFalse();
    assertThat(results.get(0).detail()).contains("23514").contains("positive");
    assertThat(results.get(1).action()).isEqualTo(Action.UPSERTED);
    assertThat(results.get(1).consistent()).isTrue();
  }

  private static List<Map<String, Object>> keys(int... ids) {
    return java.util.Arrays.stream(ids).mapToObj(id -> Map.<String, Object>of("id", id)).toList();
  }

  private static void awaitTargetEqualsSource(EmbeddedStack stack) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(
            () -> assertThat(compare(stack)).satisfies(c -> assertThat(c.matches()).isTrue()));
  }

  private static TableComparison compare(EmbeddedStack stack) throws Exception {
    try (Connection source = stack.source().connect();
        Connection target = stack.target().connect()) {
      return RowByRowComparator.compare(
          new RowByRowComparator.Side(source, stack.source().engine(), "fs", "accounts"),
          new RowByRowComparator.Side(target, stack.target().engine(), "fs", "accounts"),
          List.of(),
          Set.of());
    }
  }

  private static Map<Integer, String> origins(EmbeddedStack stack) throws Exception {
    return metadata(stack, ORIGIN);
  }

  private static Map<Integer, String> positions(EmbeddedStack stack) throws Exception {
    return metadata(stack, POSITION);
  }

  private static Map<Integer, String> metadata(EmbeddedStack stack, String column)
      throws Exception {
    Map<Integer, String> values = new HashMap<>();
    try (Connection target = stack.target().connect();
        Statement statement = target.createStatement();
        ResultSet rs = statement.executeQuery("SELECT id, " + column + " FROM fs.accounts")) {
      while (rs.next()) {
        values.put(rs.getInt(1), rs.getString(2));
      }
    }
    return values;
  }
}
