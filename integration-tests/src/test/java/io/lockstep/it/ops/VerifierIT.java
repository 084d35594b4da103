package io.lockstep.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.discrepancy.Discrepancy.Kind;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.DiscrepanciesTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineJob;
import io.lockstep.runner.PipelineMetrics;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The verifier: corruption of each kind is reported exactly once per row, and nothing else is; a
 * hot key raises nothing; a stopped apply job stretches the delay instead of raising discrepancies;
 * its state drains once the stream is quiet. It runs on the RocksDB state backend, as production
 * verifiers do.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class VerifierIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static final Duration DELAY = Duration.ofSeconds(4);

  private static EmbeddedStack stack;
  private static PipelineConfig config;
  private static LocalPipeline pipeline;
  private static PipelineMetrics metrics;

  @BeforeAll
  static void start() throws Exception {
    stack = STACK.stack();
    Tables.execute(
        stack.source(),
        "CREATE SCHEMA vt",
        "CREATE TABLE vt.cards (id integer PRIMARY KEY, holder text, pan text, limit_cents bigint)",
        "INSERT INTO vt.cards SELECT g, 'holder ' || g, '4111' || g, g * 100"
            + " FROM generate_series(1, 200) g");
    Tables.execute(
        stack.target(),
        "CREATE SCHEMA vt",
        "CREATE TABLE vt.cards (id integer PRIMARY KEY, holder text, pan text, limit_cents bigint)");
    config =
        QuickstartConfig.of(
                stack,
                "verify",
                """
                verify:
                  delay: 4s
                  masked-columns: ["vt\\\\.cards\\\\.pan"]
                state:
                  backend: rocksdb
                """)
            .with(PipelineOptions.SOURCE_TABLES, List.of("vt\\..*"));
    pipeline = new LocalPipeline(stack.flink(), config).start(EnumSet.allOf(PipelineJob.class));
    metrics = new PipelineMetrics(stack.flink().restAddress());
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "vt", List.of("cards"), Duration.ofMinutes(2));
  }

  private static List<Discrepancy> discrepancies() {
    return DiscrepanciesTopic.readAll(
        config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS), config.topicPrefix());
  }

  private static PipelineMetrics.VerifierSnapshot counts() {
    return metrics.readVerifier(pipeline);
  }

  private static void awaitApplied(String sql) {
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Tables.count(stack.target(), sql) == 1);
  }

  /**
   * The snapshot verifies clean, then corruption of each kind is reported exactly. The other tests
   * raise no discrepancy, so they may run before or after this one.
   */
  @Test
  void theSnapshotVerifiesCleanAndEachKindOfCorruptionIsReportedExactly() throws Exception {
    theSnapshotVerifiesWithoutDiscrepancies();
    eachKindOfCorruptionIsReportedExactly();
  }

  private void theSnapshotVerifiesWithoutDiscrepancies() {
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> counts().verified() >= 200);
    assertThat(discrepancies()).isEmpty();
  }

  private void eachKindOfCorruptionIsReportedExactly() throws Exception {
    // Changes that the verifier will check DELAY after it sees them; the target is tampered with
    // after apply wrote them and before the check.
    Tables.execute(
        stack.source(),
        "UPDATE vt.cards SET limit_cents = 1 WHERE id IN (10, 20)",
        "UPDATE vt.cards SET holder = 'renamed' WHERE id = 30",
        "DELETE FROM vt.cards WHERE id = 40");
    awaitApplied("SELECT count(*) FROM vt.cards WHERE id = 20 AND limit_cents = 1");
    awaitApplied("SELECT count(*) FROM vt.cards WHERE id = 30 AND holder = 'renamed'");
    awaitApplied("SELECT 1 - count(*) FROM vt.cards WHERE id = 40");
    Tables.execute(
        stack.target(),
        "UPDATE vt.cards SET limit_cents = 999, pan = 'tampered' WHERE id = 10",
        "DELETE FROM vt.cards WHERE id = 30",
        "INSERT INTO vt.cards (id, holder) VALUES (40, 'stray')");

    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> discrepancies().size() >= 3);
    // A little longer than one delay: nothing else may follow.
    await().pollDelay(DELAY.multipliedBy(2)).until(() -> true);
    List<Discrepancy> found = discrepancies();
    assertThat(found)
        .extracting(Discrepancy::keyJson, Discrepancy::kind)
        .containsExactlyInAnyOrder(
            tuple("{\"id\":10}", Kind.DIFFERENT),
            tuple("{\"id\":30}", Kind.MISSING),
            tuple("{\"id\":40}", Kind.UNEXPECTED));
    Discrepancy different =
        found.stream().filter(d -> d.kind() == Kind.DIFFERENT).findFirst().orElseThrow();
    assertThat(different.table()).isEqualTo("vt.cards");
    assertThat(different.pipeline()).isEqualTo("verify");
    assertThat(different.position()).isNotBlank();
    assertThat(different.commitTime()).isNotNull();
    assertThat(different.detectedAt()).isAfter(different.commitTime());
    assertThat(different.columns())
        .containsExactlyInAnyOrder(
            new Discrepancy.ColumnDifference("limit_cents", "1", "999"),
            // Masked by verify.masked-columns: named, values hidden.
            new Discrepancy.ColumnDifference("pan", Discrepancy.MASKED, Discrepancy.MASKED));
    // The REST API serves metrics as last fetched from the task: wait for the fetch to show them.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(counts().confirmed()).isEqualTo(3));

    // Repaired by hand, as the recovery service would: the other tests start from a target equal
    // to the source.
    Tables.execute(
        stack.target(),
        "UPDATE vt.cards SET limit_cents = 1, pan = '411110' WHERE id = 10",
        "INSERT INTO vt.cards (id, holder, pan, limit_cents) VALUES (30, 'renamed', '411130',"
            + " 3000)",
        "DELETE FROM vt.cards WHERE id = 40");
  }

  @Test
  void aHotKeyRaisesNothing() throws Exception {
    int before = discrepancies().size();
    long verifiedBefore = counts().verified();
    try (Connection c = stack.source().connect();
        PreparedStatement update =
            c.prepareStatement("UPDATE vt.cards SET limit_cents = ? WHERE id = 100")) {
      for (int i = 0; i < 3_000; i++) {
        update.setLong(1, i);
        update.executeUpdate();
      }
    }
    awaitApplied("SELECT count(*) FROM vt.cards WHERE id = 100 AND limit_cents = 2999");
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> counts().pending() == 0);
    assertThat(discrepancies()).hasSize(before);
    assertThat(counts().verified()).isGreaterThan(verifiedBefore);
  }

  @Test
  void aStoppedApplyStretchesTheDelayInsteadOfRaisingDiscrepancies() throws Exception {
    int before = discrepancies().size();
    long postponedBefore = postponed();
    stack.flink().cancel(pipeline.applyJob());
    Tables.execute(
        stack.source(),
        "UPDATE vt.cards SET holder = 'while apply is stopped' WHERE id BETWEEN 150 AND 180",
        "DELETE FROM vt.cards WHERE id = 190",
        "INSERT INTO vt.cards (id, holder) VALUES (500, 'new while stopped')");
    // Well past the delay, the checks are waiting for apply, not reporting.
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> postponed() > postponedBefore + 30);
    await().pollDelay(DELAY.multipliedBy(2)).until(() -> true);
    assertThat(discrepancies()).hasSize(before);
    assertThat(counts().pending()).isGreaterThanOrEqualTo(33);

    pipeline.startApply();
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "vt", List.of("cards"), Duration.ofMinutes(2));
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> counts().pending() == 0);
    assertThat(discrepancies()).hasSize(before);
  }

  private static long postponed() {
    return metrics.metric(pipeline.verifyJob(), "lockstepVerifyChecksPostponed", "sum");
  }
}
