package io.lockstep.it.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.MissingTables;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.PublicationMode;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineMetrics;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import io.lockstep.signal.SignalTable;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source table created while the pipeline runs, matching source.tables, is captured from its
 * first row (publication FOR ALL TABLES), and the apply job waits for its target table.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class NewTableIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static EmbeddedStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = STACK.stack();
    String ddl = "CREATE SCHEMA grow; CREATE TABLE grow.first (id integer PRIMARY KEY, v text)";
    Tables.execute(stack.source(), ddl);
    Tables.execute(stack.target(), ddl);
  }

  @Test
  void tableCreatedWhileRunningIsCapturedAndWaitedFor() throws Exception {
    PipelineConfig config =
        QuickstartConfig.of(stack, "grow", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("grow\\..*"))
            .with(PipelineOptions.SOURCE_PUBLICATION_MODE, PublicationMode.ALL_TABLES);
    LocalPipeline pipeline = new LocalPipeline(stack.flink(), config).start();
    PipelineMetrics metrics = new PipelineMetrics(stack.flink().restAddress());
    Tables.execute(stack.source(), "INSERT INTO grow.first VALUES (1, 'a')");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> Tables.count(stack.target(), "SELECT count(*) FROM grow.first") == 1);

    // Created on the source only: its rows reach Kafka while the target table is missing, and the
    // apply task holding them waits for it (with the other rows it holds: see failure-handling).
    Tables.execute(
        stack.source(),
        "CREATE TABLE grow.second (id integer PRIMARY KEY, v text)",
        "INSERT INTO grow.second SELECT g, 'row ' || g FROM generate_series(1, 50) g",
        "INSERT INTO grow.first VALUES (2, 'b')");
    // The wait is a reported condition, not a silent retry.
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> metrics.metric(pipeline.applyJob(), "lockstepMissingTargetTables", "max"),
            n -> n == 1);
    Tables.execute(stack.target(), "CREATE TABLE grow.second (id integer PRIMARY KEY, v text)");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                Tables.count(stack.target(), "SELECT count(*) FROM grow.second") == 50
                    && Tables.count(stack.target(), "SELECT count(*) FROM grow.first") == 2);
    assertThat(Tables.compare(stack.source(), stack.target(), "grow", List.of("first", "second")))
        .allSatisfy(c -> assertThat(c.matches()).as(c.toString()).isTrue());
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> metrics.metric(pipeline.applyJob(), "lockstepMissingTargetTables", "max"),
            n -> n == 0);
  }

  @Test
  void tableCreatedWhileRunningIsCreatedOnTheTargetWhenConfigured() throws Exception {
    Tables.execute(stack.source(), "CREATE SCHEMA made");
    PipelineConfig config =
        QuickstartConfig.of(stack, "made", "")
            .with(PipelineOptions.APPLY_MISSING_TABLES, MissingTables.CREATE)
            .with(PipelineOptions.SOURCE_TABLES, List.of("made\\..*"))
            .with(PipelineOptions.SOURCE_PUBLICATION_MODE, PublicationMode.ALL_TABLES);
    new LocalPipeline(stack.flink(), config).startCapture();
    new LocalPipeline(stack.flink(), config).startApply();

    Tables.execute(
        stack.source(),
        "CREATE TABLE made.orders (id bigint PRIMARY KEY, amount numeric(12,2),"
            + " note varchar(20), tags text[], placed timestamptz)",
        "INSERT INTO made.orders SELECT g, g * 1.25, 'n' || g, ARRAY['a', 'b'], now()"
            + " FROM generate_series(1, 20) g");
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "made", List.of("orders"), Duration.ofMinutes(2));
    assertThat(Tables.count(stack.target(), "SELECT count(*) FROM made.orders")).isEqualTo(20);
  }

  @Test
  void tableCreatedWhileRunningJoinsTheFilteredPublicationAndIsSnapshotted() throws Exception {
    SignalTable signals = new SignalTable(Engine.POSTGRES, "filtered", "lockstep_signal");
    String ddl =
        "CREATE SCHEMA filtered; CREATE TABLE filtered.first (id integer PRIMARY KEY, v text)";
    Tables.execute(stack.source(), ddl, signals.createTableSql());
    Tables.execute(stack.target(), ddl);
    // The default publication mode: FOR TABLE the tables that exist at start-up.
    PipelineConfig config =
        QuickstartConfig.of(stack, "filtered", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("filtered\\.(first|late)"))
            .with(PipelineOptions.SOURCE_SIGNAL_TABLE, signals.qualified());
    LocalPipeline pipeline = new LocalPipeline(stack.flink(), config).start();
    PipelineMetrics metrics = new PipelineMetrics(stack.flink().restAddress());
    Tables.execute(stack.source(), "INSERT INTO filtered.first VALUES (1, 'a')");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> Tables.count(stack.target(), "SELECT count(*) FROM filtered.first") == 1);

    // Rows written before the table is in the publication reach the target only by the snapshot.
    String late = "CREATE TABLE filtered.late (id integer PRIMARY KEY, v text)";
    Tables.execute(stack.target(), late);
    Tables.execute(
        stack.source(),
        late,
        "INSERT INTO filtered.late SELECT g, 'row ' || g FROM generate_series(1, 200) g");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> metrics.metric(pipeline.captureJob(), "lockstepTablesAddedToPublication", "max"),
            n -> n == 1);
    Tables.execute(
        stack.source(),
        "UPDATE filtered.late SET v = 'changed' WHERE id % 3 = 0",
        "DELETE FROM filtered.late WHERE id % 7 = 0",
        "INSERT INTO filtered.late VALUES (1000, 'after')");
    Tables.awaitTargetEqualsSource(
        stack.source(),
        stack.target(),
        "filtered",
        List.of("first", "late"),
        Duration.ofMinutes(2));
    try (Connection source = stack.source().connect();
        Statement statement = source.createStatement();
        ResultSet members =
            statement.executeQuery(
                "SELECT count(*) FROM pg_publication_tables WHERE pubname = '"
                    + config.publicationName()
                    + "' AND schemaname = 'filtered' AND tablename = 'late'")) {
      assertThat(members.next() && members.getInt(1) == 1).as("added to the publication").isTrue();
    }
  }
}
