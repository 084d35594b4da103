package io.lockstep.apply;

import static io.lockstep.apply.TargetDatabase.DIALECT;
import static io.lockstep.apply.TargetDatabase.METADATA;
import static io.lockstep.apply.TargetDatabase.PIPELINE;
import static io.lockstep.apply.TargetDatabase.STATE_SCHEMA;
import static io.lockstep.apply.TargetDatabase.customer;
import static io.lockstep.apply.TargetDatabase.order;
import static io.lockstep.apply.TargetDatabase.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.apply.ChangeBuffer.PendingRow;
import io.lockstep.apply.TargetWriter.Outcome;
import io.lockstep.apply.TargetWriter.Rejection;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.TableNaming;
import io.lockstep.event.ChangeEvent;
import io.lockstep.failure.FailedRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TargetWriter} on a real PostgreSQL: a batch the target refuses for its content is split
 * until only the refused rows are left out, and each of those becomes a dead letter with the
 * target's reason; the rest is written.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TargetWriterTest {

  private static TargetDatabase db;

  @TempDir static Path dir;

  private PipelineConfig config;
  private TargetWriter writer;

  @BeforeAll
  static void startTarget() throws Exception {
    db = TargetDatabase.start();
  }

  @AfterAll
  static void stopTarget() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void freshTablesAndWriter() throws Exception {
    db.reset();
    config = db.pipeline(dir);
    TargetTableCache tables =
        new TargetTableCache(
            DIALECT, METADATA, true, TableNaming.of(List.of(), java.util.Optional.empty()), false);
    EpochFence fence = new EpochFence(DIALECT, METADATA, PIPELINE, STATE_SCHEMA);
    writer =
        new TargetWriter(
            config,
            DIALECT,
            new BatchApplier(
                DIALECT,
                METADATA,
                tables,
                fence,
                TargetDatabase.truncates(),
                new PendingBackfill(DIALECT, PIPELINE, STATE_SCHEMA)),
            tables,
            fence,
            0);
  }

  @AfterEach
  void closeWriter() {
    writer.close();
  }

  private static PendingRow pending(ChangeEvent change) {
    return new PendingRow(change.table() + "/" + change.key(), change);
  }

  /** Orders 1..n with amount = id, but the given rows get a negative amount the target refuses. */
  private static List<PendingRow> orders(int n, long... refused) {
    List<PendingRow> rows = new ArrayList<>();
    for (long id = 1; id <= n; id++) {
      long amount = id;
      for (long r : refused) {
        amount = r == id ? -1 : amount;
      }
      rows.add(pending(order(id, "new", amount, position(id))));
    }
    return rows;
  }

  private static List<Object> ids(List<PendingRow> rows) {
    return rows.stream().map(r -> r.event().key().get("id")).toList();
  }

  @Test
  void aBatchTheTargetTakesIsWrittenWhole() throws Exception {
    List<PendingRow> rows = orders(5);

    Outcome outcome = writer.write(rows);

    assertThat(outcome.written()).containsExactlyElementsOf(rows);
    assertThat(outcome.rejected()).isEmpty();
    assertThat(db.orders()).containsExactly("1|new|1", "2|new|2", "3|new|3", "4|new|4", "5|new|5");
    assertThat(writer.transientAttempts()).isZero();
    assertThat(writer.missingTables()).isZero();
  }

  @Test
  void oneRefusedRowIsLeftOutAndTheRestIsWritten() throws Exception {
    List<PendingRow> rows = orders(8, 5);

    Outcome outcome = writer.write(rows);

    assertThat(ids(outcome.written())).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 6L, 7L, 8L);
    Rejection rejection = outcome.rejected().get(0);
    assertThat(outcome.rejected()).hasSize(1);
    assertThat(rejection.row()).isEqualTo(rows.get(4));
    assertThat(rejection.error().sqlState()).as("check_violation").isEqualTo("23514");
    assertThat(rejection.error().message()).contains("orders_amount_check");
    assertThat(rejection.attempts())
        .as("the whole batch, then halves of 4, 2 and 1 row")
        .isEqualTo(4);
    assertThat(db.orders())
        .containsExactly(
            "1|new|1", "2|new|2", "3|new|3", "4|new|4", "6|new|6", "7|new|7", "8|new|8");
  }

  @Test
  void aRefusedRowBecomesADeadLetterWithTheTargetsReason() throws Exception {
    List<PendingRow> rows = orders(3, 2);

    Rejection rejection = writer.write(rows).rejected().get(0);
    FailedRow letter =
        FailedRows.rejected(
            config, rejection.row().event(), rejection.error(), rejection.attempts());

    assertThat(letter.kind()).isEqualTo(FailedRow.Kind.REJECTED);
    assertThat(letter.pipeline()).isEqualTo(PIPELINE);
    assertThat(letter.position()).isEqualTo(position(2));
    assertThat(letter.keyJson()).contains("2");
    assertThat(letter.error().sqlState()).isEqualTo("23514");
    assertThat(letter.attempts()).isEqualTo(rejection.attempts());
    assertThat(letter.event()).isEqualTo(rows.get(1).event());
    assertThat(db.orders()).containsExactly("1|new|1", "3|new|3");
  }

  @Test
  void refusedRowsOfDifferentKindsAndTablesAreEachLeftOut() throws Exception {
    List<PendingRow> rows = new ArrayList<>(orders(10, 3));
    // Too long for varchar(10): string_data_right_truncation, never cut.
    rows.set(6, pending(order(7, "far too long a status", 7, position(7))));
    rows.add(pending(customer("eu", 1, "Ann", position(20))));
    rows.add(pending(customer("us", 2, "Bob", position(21))));

    Outcome outcome = writer.write(rows);

    assertThat(outcome.rejected())
        .extracting(r -> r.row().event().key().get("id") + ":" + r.error().sqlState())
        .containsExactlyInAnyOrder("3:23514", "7:22001");
    assertThat(outcome.written()).hasSize(10);
    assertThat(db.orders())
        .containsExactly(
            "1|new|1",
            "2|new|2",
            "4|new|4",
            "5|new|5",
            "6|new|6",
            "8|new|8",
            "9|new|9",
            "10|new|10");
    assertThat(db.rows("SELECT region, id, name FROM shop.customers ORDER BY region"))
        .containsExactly("eu|1|Ann", "us|2|Bob");
  }

  @Test
  void aSingleRefusedRowIsRefusedAtTheFirstAttempt() throws Exception {
    Outcome outcome = writer.write(orders(1, 1));

    assertThat(outcome.written()).isEmpty();
    assertThat(outcome.rejected()).singleElement().extracting(Rejection::attempts).isEqualTo(1);
    assertThat(db.orders()).isEmpty();
  }

  @Test
  void aColumnDroppedOnTheTargetIsReadAgainBeforeAnyRowIsRefused() throws Exception {
    writer.write(orders(2));
    db.execute("ALTER TABLE shop.orders DROP COLUMN status");

    Outcome outcome = writer.write(List.of(pending(order(3, "new", 3, position(3)))));

    assertThat(outcome.rejected()).isEmpty();
    assertThat(db.rows("SELECT id, amount FROM shop.orders ORDER BY id"))
        .containsExactly("1|1", "2|2", "3|3");
    assertThat(
            db.rows(
                "SELECT column_name, row_changes FROM lockstep_state.lockstep_pending_backfill"))
        .as("the dropped column's values are counted for reconciliation")
        .containsExactly("status|1");
  }

  @Test
  void theCurrentEpochIsTheTargetsOnceAnEpochWrote() throws Exception {
    assertThat(writer.currentEpoch()).as("before the first write").isZero();

    writer.write(List.of(pending(order(1, "new", 1, position(3, 10)))));

    assertThat(writer.currentEpoch()).isEqualTo(3);
  }
}
