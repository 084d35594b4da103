package io.lockstep.it.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * While the captured tables are idle and another database on the same server writes a lot of WAL,
 * the capture's heartbeats keep the slot moving, so the WAL it retains stays bounded.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RetainedWalIT {

  private static final long LIMIT_BYTES = 48L * 1024 * 1024;

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static EmbeddedStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = STACK.stack();
    String ddl = "CREATE SCHEMA wal; CREATE TABLE wal.items (id integer PRIMARY KEY)";
    Tables.execute(stack.source(), ddl, "CREATE DATABASE busy");
    Tables.execute(stack.target(), ddl);
  }

  @Test
  void idleSlotDoesNotRetainTheWalOfABusyNeighbour() throws Exception {
    PipelineConfig config =
        QuickstartConfig.of(stack, "wal", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("wal\\..*"))
            .with(PipelineOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    new LocalPipeline(stack.flink(), config).start();
    Tables.execute(stack.source(), "INSERT INTO wal.items VALUES (1)");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> Tables.count(stack.target(), "SELECT count(*) FROM wal.items") == 1);

    String busyUrl = "jdbc:postgresql://localhost:" + stack.source().port() + "/busy?user=postgres";
    try (Connection busy = DriverManager.getConnection(busyUrl);
        Statement st = busy.createStatement()) {
      st.execute("CREATE TABLE big (x text)");
      // About 150 MB of WAL in a database the pipeline does not capture.
      for (int round = 0; round < 5; round++) {
        st.execute(
            "INSERT INTO big SELECT repeat(md5(g::text), 30) FROM generate_series(1, 30000) g");
      }
    }
    assertThat(retainedBytes(config.slotName()))
        .as("right after the neighbour's writes, the slot still holds them")
        .isGreaterThan(3 * LIMIT_BYTES);

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(retainedBytes(config.slotName())).isLessThan(LIMIT_BYTES));
  }

  private static long retainedBytes(String slot) throws Exception {
    return single(
        "SELECT pg_current_wal_lsn() - restart_lsn FROM pg_replication_slots WHERE slot_name = '"
            + slot
            + "'");
  }

  private static long single(String sql) throws Exception {
    try (Connection c = stack.source().connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }
}
