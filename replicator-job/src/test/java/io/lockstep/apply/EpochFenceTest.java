package io.lockstep.apply;

import static io.lockstep.apply.TargetDatabase.DIALECT;
import static io.lockstep.apply.TargetDatabase.METADATA;
import static io.lockstep.apply.TargetDatabase.PIPELINE;
import static io.lockstep.apply.TargetDatabase.STATE_SCHEMA;
import static io.lockstep.apply.TargetDatabase.customer;
import static io.lockstep.apply.TargetDatabase.order;
import static io.lockstep.apply.TargetDatabase.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.config.TableNaming;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.SourcePosition;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link EpochFence} on a real PostgreSQL: the target stays in one capture epoch; changes of an
 * older one are dropped, and entering a newer one sweeps what older epochs wrote.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EpochFenceTest {

  private static TargetDatabase db;

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
  void freshTables() throws Exception {
    db.reset();
  }

  private static EpochFence fence(MetadataColumns metadata) {
    return new EpochFence(DIALECT, metadata, PIPELINE, STATE_SCHEMA);
  }

  private static List<ChangeEvent> admit(EpochFence fence, ChangeEvent... changes)
      throws Exception {
    try (Connection connection = db.connect()) {
      fence.prepare(connection);
      List<ChangeEvent> admitted = fence.admit(connection, List.of(changes));
      connection.commit();
      return admitted;
    }
  }

  private static long current(EpochFence fence) throws Exception {
    try (Connection connection = db.connect()) {
      fence.prepare(connection);
      long epoch = fence.current(connection);
      connection.commit();
      return epoch;
    }
  }

  /** A writer's applier around {@code fence}, as the apply task builds it. */
  private static BatchApplier applier(EpochFence fence) {
    return new BatchApplier(
        DIALECT,
        METADATA,
        new TargetTableCache(
            DIALECT, METADATA, true, TableNaming.of(List.of(), Optional.empty()), false),
        fence,
        TargetDatabase.truncates(),
        new PendingBackfill(DIALECT, PIPELINE, STATE_SCHEMA));
  }

  private static void apply(BatchApplier applier, ChangeEvent... changes) throws Exception {
    try (Connection connection = db.connect()) {
      applier.apply(connection, List.of(changes));
      connection.commit();
    }
  }

  @Test
  void theFirstChangesSetTheEpoch() throws Exception {
    EpochFence fence = fence(METADATA);
    assertThat(current(fence)).isZero();

    List<ChangeEvent> changes =
        List.of(order(1, "new", 1, position(2, 10)), order(2, "new", 2, position(2, 11)));
    assertThat(admit(fence, changes.toArray(ChangeEvent[]::new))).isEqualTo(changes);

    assertThat(current(fence)).isEqualTo(2);
    assertThat(db.rows("SELECT pipeline, epoch FROM lockstep_state.lockstep_epoch"))
        .containsExactly(PIPELINE + "|2");
  }

  @Test
  void changesOfAnOlderEpochAreDropped() throws Exception {
    EpochFence fence = fence(METADATA);
    admit(fence, order(1, "new", 1, position(3, 10)));

    ChangeEvent older = order(2, "old", 2, position(2, 99));
    ChangeEvent current = order(3, "new", 3, position(3, 11));
    assertThat(admit(fence, older, current)).containsExactly(current);
    assertThat(admit(fence, older)).isEmpty();
    assertThat(current(fence)).isEqualTo(3);
  }

  @Test
  void anotherTasksFenceSeesTheSameEpoch() throws Exception {
    admit(fence(METADATA), order(1, "new", 1, position(4, 10)));

    EpochFence other = fence(METADATA);
    assertThat(current(other)).isEqualTo(4);
    assertThat(admit(other, order(2, "old", 2, position(3, 50)))).isEmpty();
  }

  @Test
  void enteringANewerEpochSweepsWhatOlderEpochsWrote() throws Exception {
    EpochFence fence = fence(METADATA);
    BatchApplier applier = applier(fence);
    apply(
        applier,
        order(1, "new", 1, position(1, 10)),
        order(2, "new", 2, position(1, 11)),
        order(3, "new", 3, position(1, 12)),
        customer("eu", 1, "Ann", position(1, 13)));
    // A row Lockstep never wrote (no position), and a table the pipeline never wrote.
    db.execute(
        "INSERT INTO shop.orders (id, status, amount) VALUES (9, 'by hand', 9)",
        "CREATE TABLE shop.elsewhere (id bigint PRIMARY KEY, _lockstep_position text)",
        "INSERT INTO shop.elsewhere VALUES (1, '" + position(1, 1) + "')");

    // The new snapshot (epoch 2) reads order 2 only: 1 and 3 were deleted while capture was down.
    String snapshot = SourcePosition.postgres(2, 0, 0);
    apply(applier, order(2, "again", 2, snapshot));

    assertThat(db.rows("SELECT id, status, _lockstep_position FROM shop.orders ORDER BY id"))
        .containsExactly("2|again|" + snapshot, "9|by hand|null");
    assertThat(db.rows("SELECT * FROM shop.customers")).as("registered, so swept too").isEmpty();
    assertThat(db.rows("SELECT id FROM shop.elsewhere")).containsExactly("1");
    assertThat(db.rows("SELECT table_schema, table_name FROM lockstep_state.lockstep_tables"))
        .containsExactlyInAnyOrder("shop|orders", "shop|customers");

    // A late change of epoch 1 is dropped; changes of epoch 2 carry on.
    apply(applier, order(1, "late", 1, position(1, 99)), order(4, "new", 4, position(2, 5)));
    assertThat(db.orders()).containsExactly("2|again|2", "4|new|4", "9|by hand|9");
  }

  @Test
  void aFenceThatLostItsConnectionRegistersTablesAgain() throws Exception {
    EpochFence fence = fence(METADATA);
    BatchApplier applier = applier(fence);
    apply(applier, order(1, "new", 1, position(1, 10)));
    db.execute("TRUNCATE lockstep_state.lockstep_tables");

    fence.invalidate();
    apply(applier, order(2, "new", 2, position(1, 11)));

    assertThat(db.rows("SELECT table_name FROM lockstep_state.lockstep_tables"))
        .containsExactly("orders");
  }

  @Test
  void twoTasksPreparingAtOnceBothGoOn() throws Exception {
    try (Connection first = db.connect();
        Connection second = db.connect()) {
      fence(METADATA).prepare(first);
      fence(METADATA).prepare(second);
    }
    assertThat(
            db.rows(
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'lockstep_state' ORDER BY table_name"))
        .containsExactly(
            "lockstep_epoch",
            "lockstep_pending_backfill",
            "lockstep_tables",
            "lockstep_truncations");
  }

  @Test
  void withoutMetadataColumnsEverythingIsAdmittedAndNoStateIsKept() throws Exception {
    EpochFence fence = fence(MetadataColumns.disabled());
    ChangeEvent older = order(1, "new", 1, position(1, 10));
    ChangeEvent newer = order(2, "new", 2, position(5, 10));

    assertThat(admit(fence, newer, older)).containsExactly(newer, older);
    assertThat(current(fence)).isZero();
    assertThat(
            db.rows(
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'lockstep_state'"))
        .isEmpty();
  }
}
