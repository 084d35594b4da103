package io.lockstep.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRow.Kind;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.FailedRowsTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One bad row never stops the stream: the target refuses some rows (a CHECK constraint and a
 * shorter column than the source has); they go to the failed-rows topic with the database's error,
 * everything else is applied, and later changes of a refused row are handled as documented.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FailedRowsIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static EmbeddedStack stack;
  private static PipelineConfig config;
  private static String failedRowsTopic;

  @BeforeAll
  static void start() throws Exception {
    stack = STACK.stack();
    Tables.execute(
        stack.source(),
        "CREATE SCHEMA dlq",
        "CREATE TABLE dlq.accounts (id integer PRIMARY KEY, balance numeric NOT NULL,"
            + " note text, doc text)");
    // The target is stricter than the source: that is what makes rows fail.
    Tables.execute(
        stack.target(),
        "CREATE SCHEMA dlq",
        "CREATE TABLE dlq.accounts (id integer PRIMARY KEY,"
            + " balance numeric NOT NULL CHECK (balance >= 0), note varchar(10), doc text)");
    config =
        QuickstartConfig.of(stack, "dlq", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("dlq\\..*"));
    failedRowsTopic = PipelineTopics.failedRows(config.topicPrefix());
    new LocalPipeline(stack.flink(), config).start();
  }

  /**
   * Refused rows are dead-lettered and the rest applied; then the later changes of the refused
   * keys: a full image resolves row 50; a partial image of row 70 is parked; a force-sync image
   * releases row 70. Each step acts on the keys the first one refused.
   */
  @Test
  void refusedRowsAndTheLaterChangesOfTheirKeys() throws Exception {
    refusedRowsAreDeadLetteredAndTheRestIsApplied();
    laterFullImageOfAParkedKeyResolvesIt();
    partialImageOfAParkedKeyIsParkedNotApplied();
    forceSyncImageReleasesAParkedKeyAndIsWrittenAsForceSync();
  }

  private void refusedRowsAreDeadLetteredAndTheRestIsApplied() throws Exception {
    Tables.execute(
        stack.source(),
        "INSERT INTO dlq.accounts SELECT g, g, 'ok', NULL FROM generate_series(1, 100) g",
        "UPDATE dlq.accounts SET balance = -5 WHERE id = 50",
        "UPDATE dlq.accounts SET note = 'far too long for ten' WHERE id = 60",
        // A large, incompressible value: stored out of line (TOAST), so later updates of other
        // columns leave it out of the change event.
        "UPDATE dlq.accounts SET balance = -1, doc = (SELECT string_agg(md5(g::text), '')"
            + " FROM generate_series(1, 2000) g) WHERE id = 70",
        "INSERT INTO dlq.accounts SELECT g, g, 'after', NULL FROM generate_series(101, 200) g");

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Tables.count(stack.target(), "SELECT count(*) FROM dlq.accounts") >= 197);
    await().atMost(Duration.ofMinutes(1)).until(() -> rows(Kind.REJECTED).size() >= 3);

    List<FailedRow> rejected = rows(Kind.REJECTED);
    assertThat(rejected)
        .extracting(r -> r.keyJson())
        .containsExactlyInAnyOrder("{\"id\":50}", "{\"id\":60}", "{\"id\":70}");
    FailedRow balance = rejected.stream().filter(r -> r.keyJson().contains("50")).findFirst().get();
    assertThat(balance.error().sqlState()).isEqualTo("23514");
    assertThat(balance.error().message()).contains("accounts_balance_check");
    assertThat(balance.error().errorClass()).isEqualTo("org.postgresql.util.PSQLException");
    assertThat(balance.table()).isEqualTo("postgres.dlq.accounts");
    assertThat(balance.attempts()).isGreaterThanOrEqualTo(1);
    assertThat(balance.event().after()).containsEntry("balance", new java.math.BigDecimal("-5"));
    FailedRow note = rejected.stream().filter(r -> r.keyJson().contains("60")).findFirst().get();
    assertThat(note.error().sqlState()).isEqualTo("22001");

    // Everything but the three refused rows is on the target, including rows written after them.
    assertThat(
            Tables.count(
                stack.target(),
                "SELECT count(*) FROM dlq.accounts WHERE id NOT IN (50, 60, 70)"
                    + " AND note IN ('ok', 'after')"))
        .isEqualTo(197);
    assertThat(
            Tables.count(
                stack.target(),
                "SELECT count(*) FROM dlq.accounts WHERE balance < 0 OR length(note) > 10"))
        .as("no refused value reached the target")
        .isZero();
  }

  private void laterFullImageOfAParkedKeyResolvesIt() throws Exception {
    Tables.execute(stack.source(), "UPDATE dlq.accounts SET balance = 500 WHERE id = 50");

    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                Tables.count(
                        stack.target(),
                        "SELECT coalesce((SELECT balance FROM dlq.accounts WHERE id = 50), -1)")
                    == 500);
    await().atMost(Duration.ofMinutes(1)).until(() -> !rows(Kind.RESOLVED).isEmpty());
    FailedRow resolved = rows(Kind.RESOLVED).get(0);
    assertThat(resolved.keyJson()).isEqualTo("{\"id\":50}");
    assertThat(resolved.relatedPosition())
        .as("names the refused change it resolves")
        .isEqualTo(
            rows(Kind.REJECTED).stream()
                .filter(r -> r.keyJson().contains("50"))
                .findFirst()
                .get()
                .position());
  }

  private void partialImageOfAParkedKeyIsParkedNotApplied() throws Exception {
    // Leaves the TOASTed doc out of the event: this change alone cannot make row 70 right.
    Tables.execute(stack.source(), "UPDATE dlq.accounts SET balance = 7 WHERE id = 70");

    await().atMost(Duration.ofMinutes(1)).until(() -> !rows(Kind.PARKED).isEmpty());
    FailedRow parked = rows(Kind.PARKED).get(0);
    assertThat(parked.keyJson()).isEqualTo("{\"id\":70}");
    assertThat(parked.event().after()).doesNotContainKey("doc");
    assertThat(parked.relatedPosition()).isNotNull();
    assertThat(Tables.count(stack.target(), "SELECT count(*) FROM dlq.accounts WHERE id = 70"))
        .as("row 70 was refused on insert; a partial image must not create it with doc NULL")
        .isZero();
  }

  private void forceSyncImageReleasesAParkedKeyAndIsWrittenAsForceSync() throws Exception {
    // What the recovery service does after re-reading a parked row from the source: it publishes
    // the whole row to the change topic, marked as force-sync, at the newest position it knows.
    FailedRow parked = rows(Kind.PARKED).get(0);
    ChangeEvent partial = parked.event();
    String doc = sourceDocOfRow70();
    Map<String, Object> row = new LinkedHashMap<>(partial.after());
    row.put("doc", doc);
    Map<String, Object> ordered = new LinkedHashMap<>();
    partial.schema().columns().forEach(c -> ordered.put(c.name(), row.get(c.name())));
    ChangeEvent image =
        ChangeEvent.snapshotRead(partial.schema(), ordered, Instant.now(), partial.position())
            .withOrigin(ChangeEvent.ORIGIN_FORCE_SYNC);
    Properties producer = new Properties();
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    try (KafkaProducer<byte[], byte[]> kafka =
        new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())) {
      kafka
          .send(
              new ProducerRecord<>(
                  PipelineTopics.changes(config.topicPrefix(), image.table()),
                  ChangeEventCodec.encodeKey(image),
                  ChangeEventCodec.encodeValue(image)))
          .get();
    }

    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> rows(Kind.RESOLVED).stream().anyMatch(r -> r.keyJson().equals("{\"id\":70}")));
    assertThat(
            Tables.count(
                stack.target(),
                "SELECT count(*) FROM dlq.accounts WHERE id = 70 AND balance = 7"
                    + " AND length(doc) = 64000 AND _lockstep_origin = 'F'"))
        .as("the force-sync image is written whole, with the force-sync origin")
        .isEqualTo(1);

    // The key is released: a later partial change is applied again, as replication.
    Tables.execute(stack.source(), "UPDATE dlq.accounts SET balance = 8 WHERE id = 70");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                Tables.count(
                        stack.target(),
                        "SELECT count(*) FROM dlq.accounts WHERE id = 70 AND balance = 8"
                            + " AND length(doc) = 64000 AND _lockstep_origin = 'R'")
                    == 1);
  }

  private static String sourceDocOfRow70() throws SQLException {
    try (Connection c = stack.source().connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT doc FROM dlq.accounts WHERE id = 70")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static List<FailedRow> rows(Kind kind) {
    return FailedRowsTopic.readAll(stack.kafka().bootstrapServers(), failedRowsTopic).stream()
        .filter(r -> r.kind() == kind)
        .toList();
  }
}
