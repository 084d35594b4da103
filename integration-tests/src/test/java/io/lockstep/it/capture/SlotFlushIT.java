package io.lockstep.it.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.ChangeTopicOffsets;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Design decision 7: the replication slot is confirmed only up to what a completed checkpoint
 * holds. With checkpoints an hour apart, captured changes do not move the slot; a checkpoint does.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SlotFlushIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static EmbeddedStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = STACK.stack();
    String ddl = "CREATE SCHEMA flush; CREATE TABLE flush.items (id integer PRIMARY KEY, v text)";
    Tables.execute(stack.source(), ddl);
    Tables.execute(stack.target(), ddl);
  }

  @Test
  void slotMovesOnlyWhenACheckpointCompletes() throws Exception {
    PipelineConfig config =
        QuickstartConfig.of(stack, "flush", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("flush\\..*"))
            .with(PipelineOptions.CHECKPOINT_INTERVAL, Duration.ofHours(1));
    LocalPipeline pipeline = new LocalPipeline(stack.flink(), config);
    JobID capture = pipeline.startCapture();
    String prefix = config.topicPrefix();
    String bootstrap = stack.kafka().bootstrapServers();

    Tables.execute(stack.source(), "INSERT INTO flush.items VALUES (0, 'first')");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> ChangeTopicOffsets.changeRecords(bootstrap, prefix) >= 1);
    long confirmedAtStart = confirmedFlushLsn(config.slotName());
    long beforeInserts = currentWalLsn();

    Tables.execute(
        stack.source(),
        "INSERT INTO flush.items SELECT g, 'row ' || g FROM generate_series(1, 1000) g");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> ChangeTopicOffsets.changeRecords(bootstrap, prefix) >= 1001);

    // Captured and in Kafka, but no checkpoint has completed: the slot must stay put.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> confirmedFlushLsn(config.slotName()) == confirmedAtStart);

    stack.flink().miniCluster().triggerCheckpoint(capture).get(2, TimeUnit.MINUTES);

    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> assertThat(confirmedFlushLsn(config.slotName())).isGreaterThan(beforeInserts));
  }

  private static long confirmedFlushLsn(String slot) throws Exception {
    return lsn(
        "SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots WHERE slot_name = '"
            + slot
            + "'");
  }

  private static long currentWalLsn() throws Exception {
    return lsn("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn");
  }

  private static long lsn(String sql) throws Exception {
    try (Connection c = stack.source().connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as("no result for " + sql).isTrue();
      return rs.getLong(1);
    }
  }
}
