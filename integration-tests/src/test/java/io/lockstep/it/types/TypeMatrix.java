package io.lockstep.it.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.failure.FailedRow;
import io.lockstep.recovery.reconcile.ReconcileRequest;
import io.lockstep.recovery.reconcile.ReconcileResult;
import io.lockstep.recovery.reconcile.Reconciler;
import io.lockstep.recovery.sync.ForceSync;
import io.lockstep.runner.FailedRowsTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.compare.RowByRowComparator;
import io.lockstep.runner.compare.TableComparison;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import io.lockstep.runner.schema.SchemaBootstrap;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The type matrix of one route: a source table holding the edge values of every common type of its
 * engine is created on the target through the type mapping ({@code lockstep schema --apply}),
 * replicated, and compared after normalisation. Rows the target engine cannot represent must be in
 * the dead-letter topic with the reason, and nowhere on the target. Every row read back from the
 * source by key ({@code SourceRows}, as force-sync reads it) must be the image its captured event
 * carries ({@link SourceImages}). An update that leaves the large values of a row unchanged (TOAST
 * on PostgreSQL) must not touch them on the target.
 */
final class TypeMatrix {

  private TypeMatrix() {}

  static void replicatesEveryEdgeValue(EmbeddedStack stack, TypeMatrixFixture fixture)
      throws Exception {
    Engine targetEngine = stack.target().engine();
    OddIdentifiers odd = OddIdentifiers.of(stack.source().engine());
    try (Connection source = stack.source().connect();
        Statement statement = source.createStatement()) {
      for (String sql : fixture.ddl()) {
        statement.execute(sql);
      }
      for (String sql : fixture.rows()) {
        statement.execute(sql);
      }
      execute(statement, odd.ddl());
      execute(statement, odd.snapshotRows());
    }
    PipelineConfig config =
        QuickstartConfig.of(stack, "matrix", "")
            .with(
                io.lockstep.config.PipelineOptions.SOURCE_TABLES,
                List.of(
                    fixture.schema() + "\\." + fixture.table(),
                    Pattern.quote(odd.schema() + "." + odd.table())));
    try (Connection source = stack.source().connect()) {
      SchemaBootstrap.apply(config, SchemaBootstrap.plan(config, source));
    }
    new LocalPipeline(stack.flink(), config).start();

    Set<Integer> refused = fixture.unrepresentable().get(targetEngine);
    Set<List<String>> refusedKeys =
        refused.stream().map(id -> List.of(id.toString())).collect(Collectors.toSet());
    String failedRowsTopic = PipelineTopics.failedRows(config.topicPrefix());
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(compare(stack, fixture, refusedKeys))
                  .as(
                      "the target equals the source after normalisation; dead-lettered: %s",
                      FailedRowsTopic.readAll(stack.kafka().bootstrapServers(), failedRowsTopic)
                          .stream()
                          .map(r -> r.keyJson() + " " + r.error())
                          .toList())
                  .satisfies(c -> assertThat(c.matches()).as(c.toString()).isTrue());
              assertThat(refusedIds(stack, failedRowsTopic))
                  .as("rows %s cannot be represented on %s", refused, targetEngine)
                  .isEqualTo(new TreeSet<>(refused));
            });
    try (Connection target = stack.target().connect();
        Statement statement = target.createStatement()) {
      for (Integer id : refused) {
        try (var rs =
            statement.executeQuery(
                "SELECT count(*) FROM "
                    + fixture.schema()
                    + "."
                    + fixture.table()
                    + " WHERE id = "
                    + id)) {
          rs.next();
          assertThat(rs.getLong(1)).as("refused row %d is not on the target", id).isZero();
        }
      }
    }
    for (FailedRow row :
        FailedRowsTopic.readAll(stack.kafka().bootstrapServers(), failedRowsTopic)) {
      assertThat(row.error()).as("a dead-lettered row says why").isNotNull();
    }

    // Every row read back by key from the source is the image its captured event carries (rows the
    // capture could not carry have no event).
    long notCaptured =
        FailedRowsTopic.readAll(stack.kafka().bootstrapServers(), failedRowsTopic).stream()
            .filter(r -> r.kind() == FailedRow.Kind.NOT_CAPTURED)
            // A capture restarted from its checkpoint may dead-letter a row again.
            .map(FailedRow::keyJson)
            .distinct()
            .count();
    SourceImages.matchCapturedEvents(
        stack,
        config,
        fixture.schema(),
        fixture.table(),
        (int) fixture.rows().stream().filter(sql -> sql.startsWith("INSERT")).count()
            - (int) notCaptured);

    // The table with odd names: its snapshot, then an insert, an update and a delete streamed.
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(compare(stack, odd.schema(), odd.table(), Set.of()))
                    .satisfies(c -> assertThat(c.matches()).as(c.toString()).isTrue()));
    try (Connection source = stack.source().connect();
        Statement statement = source.createStatement()) {
      execute(statement, odd.streamedChanges());
    }
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(compare(stack, odd.schema(), odd.table(), Set.of()))
                    .satisfies(
                        c -> {
                          assertThat(c.matches()).as(c.toString()).isTrue();
                          assertThat(c.sourceRows()).as(c.toString()).isEqualTo(3L);
                        }));

    reconcilesAndForceSyncsTheOddTable(stack, config, odd);

    // An update that leaves the large values of row 7 as they are.
    try (Connection source = stack.source().connect();
        Statement statement = source.createStatement()) {
      statement.execute(fixture.unchangedLobUpdate());
    }
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(compare(stack, fixture, refusedKeys))
                    .satisfies(c -> assertThat(c.matches()).as(c.toString()).isTrue()));
  }

  /**
   * The reconciler finds a row lost on the target of the table with odd names (checksum SQL and
   * bisection over its quoted names), and force-sync writes it back, named as events name it.
   */
  private static void reconcilesAndForceSyncsTheOddTable(
      EmbeddedStack stack, PipelineConfig config, OddIdentifiers odd) throws Exception {
    try (Connection target = stack.target().connect();
        Statement statement = target.createStatement()) {
      Engine engine = stack.target().engine();
      statement.execute(
          "DELETE FROM "
              + engine.quote(odd.schema())
              + "."
              + engine.quote(odd.table())
              + " WHERE "
              + engine.quote(OddIdentifiers.KEY)
              + " = 4");
    }
    String name = odd.schema() + "." + odd.table();
    try (Reconciler reconciler = Reconciler.open(config)) {
      ReconcileResult found = reconciler.run(ReconcileRequest.table(name), null, null, null);
      assertThat(found.differences())
          .as("the reconciler finds the row lost on the target")
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.keyText()).as(d.describe()).containsExactly("4");
                assertThat(d.kind()).as(d.describe()).isEqualTo(Discrepancy.Kind.MISSING);
              });
    }
    String database =
        stack.source().engine().schemaIsDatabase()
            ? odd.schema()
            : config.get(io.lockstep.config.PipelineOptions.SOURCE_DATABASE);
    try (ForceSync sync = ForceSync.open(config)) {
      assertThat(sync.sync(database + "." + name, List.of(Map.of(OddIdentifiers.KEY, 4)), null))
          .singleElement()
          .satisfies(r -> assertThat(r.consistent()).as(r.toString()).isTrue());
    }
    assertThat(compare(stack, odd.schema(), odd.table(), Set.of()))
        .satisfies(c -> assertThat(c.matches()).as(c.toString()).isTrue());
  }

  private static TableComparison compare(
      EmbeddedStack stack, TypeMatrixFixture fixture, Set<List<String>> refusedKeys)
      throws Exception {
    return compare(stack, fixture.schema(), fixture.table(), refusedKeys);
  }

  private static TableComparison compare(
      EmbeddedStack stack, String schema, String table, Set<List<String>> refusedKeys)
      throws Exception {
    try (Connection source = stack.source().connect();
        Connection target = stack.target().connect()) {
      return RowByRowComparator.compare(
          new RowByRowComparator.Side(source, stack.source().engine(), schema, table),
          new RowByRowComparator.Side(target, stack.target().engine(), schema, table),
          List.of(),
          refusedKeys);
    }
  }

  private static void execute(Statement statement, List<String> sql) throws Exception {
    for (String one : sql) {
      statement.execute(one);
    }
  }

  private static Set<Integer> refusedIds(EmbeddedStack stack, String topic) {
    Set<Integer> ids = new TreeSet<>();
    for (FailedRow row : FailedRowsTopic.readAll(stack.kafka().bootstrapServers(), topic)) {
      // Refused by the target, or not carried by the capture (a value it cannot represent).
      if (row.kind() == FailedRow.Kind.REJECTED || row.kind() == FailedRow.Kind.NOT_CAPTURED) {
        ids.add(Integer.parseInt(row.keyJson().replaceAll("[^0-9]", "")));
      }
    }
    return ids;
  }
}
