package io.lockstep.it.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.preflight.Preflight;
import io.lockstep.preflight.PreflightException;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import io.lockstep.signal.SignalTable;
import io.lockstep.signal.SnapshotSignalSender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A table re-snapshotted on demand while the source takes writes: target rows tampered with and
 * deleted behind the pipeline's back are restored by an incremental snapshot signalled through the
 * signaling table (as the recovery service signals it), and no update committed during the snapshot
 * is lost to it: the reads carry the stream position where their chunk closed, so a change
 * committed later still wins.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PostgresResnapshotIT {

  private static final int ROWS = 3000;

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static EmbeddedStack stack;
  private static PipelineConfig config;

  @BeforeAll
  static void start() throws Exception {
    stack = STACK.stack();
    String ddl =
        "CREATE TABLE rs.accounts (id integer PRIMARY KEY, owner text NOT NULL, balance bigint)";
    Tables.execute(
        stack.source(),
        "CREATE SCHEMA rs",
        ddl,
        "INSERT INTO rs.accounts SELECT g, 'owner ' || g, g * 10 FROM generate_series(1, "
            + ROWS
            + ") g");
    Tables.execute(stack.target(), "CREATE SCHEMA rs", ddl);
    config =
        QuickstartConfig.of(
                stack,
                "resnap",
                // Small chunks: many windows, so that the writes below fall before, inside and
                // after them.
                "source.debezium.incremental.snapshot.chunk.size: 100\n")
            .with(PipelineOptions.SOURCE_TABLES, List.of("rs\\.accounts"))
            .with(PipelineOptions.SOURCE_SIGNAL_TABLE, "rs.lockstep_signal");
    SignalTable signalTable = SignalTable.of(config).orElseThrow();
    Tables.execute(stack.source(), signalTable.createTableSql());
    new LocalPipeline(stack.flink(), config).start();
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "rs", List.of("accounts"), Duration.ofMinutes(2));
  }

  /**
   * The re-snapshot under writes, then what must hold after it: a later change still wins, and the
   * signal table it was requested through is not replicated.
   */
  @Test
  void aResnapshotRepairsTheTargetWithoutLosingConcurrentOrLaterUpdates() throws Exception {
    aResnapshotRepairsTheTargetWithoutLosingConcurrentUpdates();
    aChangeAfterTheResnapshotStillWins();
    theSignalTableIsNeverReplicated();
  }

  private void aResnapshotRepairsTheTargetWithoutLosingConcurrentUpdates() throws Exception {
    Tables.execute(
        stack.target(),
        "UPDATE rs.accounts SET owner = 'tampered', balance = -1 WHERE id % 7 = 0",
        "DELETE FROM rs.accounts WHERE id % 11 = 0");
    long damaged = ROWS / 7 + ROWS / 11 - ROWS / 77;

    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong updates = new AtomicLong();
    // A thread of its own, stopped in finally: a writer left running on the common pool (one
    // thread on two cores) after a failed assertion would starve every later test that uses it.
    ExecutorService writerThread = Executors.newSingleThreadExecutor();
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (Connection c = stack.source().connect();
                  PreparedStatement update =
                      c.prepareStatement(
                          "UPDATE rs.accounts SET balance = balance + 1, owner = ? WHERE id = ?")) {
                for (int i = 0; !stop.get(); i++) {
                  // Walks the key space ahead of, inside and behind the snapshot's chunk, but
                  // leaves the damaged rows alone: only the snapshot may repair those.
                  int id = (i * 37) % ROWS + 1;
                  if (id % 7 == 0 || id % 11 == 0) {
                    continue;
                  }
                  update.setString(1, "written " + i);
                  update.setInt(2, id);
                  update.executeUpdate();
                  updates.incrementAndGet();
                  // Paces the load; synchronises nothing.
                  TimeUnit.MILLISECONDS.sleep(2);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            writerThread);
    try {
      resnapshotRepairsUnderWrites(stop, writer);
    } finally {
      stop.set(true);
      writerThread.shutdown();
    }
    assertThat(updates.get()).isPositive();

    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "rs", List.of("accounts"), Duration.ofMinutes(2));
    assertThat(damaged).isPositive();
    // Re-read rows carry stream positions, not the initial snapshot's <epoch>:0:0.
    assertThat(
            Tables.count(
                stack.target(),
                "SELECT count(*) FROM rs.accounts WHERE id % 7 = 0"
                    + " AND _lockstep_position LIKE '%:0000000000000000:0000000000000000'"))
        .isZero();
  }

  /** Signals the re-snapshot and waits until it has repaired every damaged row. */
  private void resnapshotRepairsUnderWrites(AtomicBoolean stop, CompletableFuture<Void> writer)
      throws Exception {
    SnapshotSignalSender.Signal sent;
    try (Connection source = stack.source().connect()) {
      sent =
          new SnapshotSignalSender(SignalTable.of(config).orElseThrow())
              .resnapshot(source, "rs.accounts");
    }
    assertThat(sent.type()).isEqualTo("execute-snapshot");
    assertThat(sent.data()).contains("\"rs.accounts\"").contains("incremental");

    // The snapshot has passed every damaged row once none is left; the writer ran throughout.
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                Tables.count(
                            stack.target(),
                            "SELECT count(*) FROM rs.accounts WHERE owner = 'tampered'")
                        == 0
                    && Tables.count(stack.target(), "SELECT count(*) FROM rs.accounts") == ROWS);
    stop.set(true);
    writer.get(1, TimeUnit.MINUTES);
  }

  private void aChangeAfterTheResnapshotStillWins() throws Exception {
    Tables.execute(stack.source(), "UPDATE rs.accounts SET owner = 'after' WHERE id = 77");
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "rs", List.of("accounts"), Duration.ofMinutes(1));
    assertThat(
            Tables.count(stack.target(), "SELECT count(*) FROM rs.accounts WHERE owner = 'after'"))
        .isEqualTo(1);
  }

  private void theSignalTableIsNeverReplicated() throws Exception {
    assertThat(Tables.count(stack.source(), "SELECT count(*) FROM rs.lockstep_signal"))
        .as("the signal and Debezium's watermarks")
        .isGreaterThan(1);
    assertThat(
            Tables.count(
                stack.target(),
                "SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_schema = 'rs' AND table_name = 'lockstep_signal'"))
        .isZero();
  }

  @Test
  void thePreflightNamesTheDdlOfAMissingSignalTable() {
    assertThatThrownBy(
            () ->
                Preflight.check(
                    config.with(PipelineOptions.SOURCE_SIGNAL_TABLE, "rs.no_such_signal")))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("source.signal-table rs.no_such_signal does not exist")
        .hasMessageContaining(
            "CREATE TABLE \"rs\".\"no_such_signal\" (id varchar(64) PRIMARY KEY, type"
                + " varchar(32) NOT NULL, data text)");
  }
}
