package io.lockstep.apply;

import static io.lockstep.apply.TargetDatabase.DIALECT;
import static io.lockstep.apply.TargetDatabase.METADATA;
import static io.lockstep.apply.TargetDatabase.ORDERS;
import static io.lockstep.apply.TargetDatabase.PIPELINE;
import static io.lockstep.apply.TargetDatabase.STATE_SCHEMA;
import static io.lockstep.apply.TargetDatabase.customer;
import static io.lockstep.apply.TargetDatabase.order;
import static io.lockstep.apply.TargetDatabase.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.config.TableNaming;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.TableId;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TruncateBarrier} through {@link BatchApplier} on a real PostgreSQL: a truncate removes
 * every row written before it and none written after it, whatever order the apply tasks write them
 * in, and a change from before it that arrives late does not bring its row back.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TruncateBarrierTest {

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

  private static ChangeEvent truncateOrders(String position) {
    return ChangeEvent.truncate(ORDERS.id(), Instant.EPOCH, position, null);
  }

  /** An apply task's applier; two of them stand for two tasks with their own caches. */
  private static BatchApplier task(MetadataColumns metadata) {
    return new BatchApplier(
        DIALECT,
        metadata,
        new TargetTableCache(
            DIALECT, metadata, true, TableNaming.of(List.of(), Optional.empty()), false),
        new EpochFence(DIALECT, metadata, PIPELINE, STATE_SCHEMA),
        TargetDatabase.truncates(metadata),
        new PendingBackfill(DIALECT, PIPELINE, STATE_SCHEMA));
  }

  private static void apply(BatchApplier task, ChangeEvent... changes) throws Exception {
    try (Connection connection = db.connect()) {
      task.apply(connection, List.of(changes));
      connection.commit();
    }
  }

  @Test
  void aTruncateRemovesTheRowsWrittenBeforeItAndKeepsThoseAfterIt() throws Exception {
    BatchApplier task = task(METADATA);
    apply(task, order(1, "new", 1, position(10)), order(2, "new", 2, position(11)));
    apply(task, customer("eu", 1, "Ann", position(12)));

    apply(task, truncateOrders(position(20)));
    apply(task, order(3, "new", 3, position(30)));

    assertThat(db.orders()).containsExactly("3|new|3");
    // The neighbour table is not touched.
    assertThat(db.rows("SELECT region, id, name FROM shop.customers")).containsExactly("eu|1|Ann");
    assertThat(
            db.rows(
                "SELECT table_schema, table_name, position FROM lockstep_state.lockstep_truncations"))
        .containsExactly("shop|orders|" + position(20));
  }

  @Test
  void changesOnOtherTasksKeepTheirPlaceAroundTheTruncate() throws Exception {
    BatchApplier first = task(METADATA);
    BatchApplier second = task(METADATA);
    apply(first, order(1, "new", 1, position(10)));
    // The second task wrote a change from after the truncate before the first task read it...
    apply(second, order(2, "after", 2, position(30)));
    apply(first, truncateOrders(position(20)));
    // ...and writes a change from before it only now: the truncate removed that row.
    apply(second, order(3, "before", 3, position(15)), order(4, "after", 4, position(31)));

    assertThat(db.orders()).containsExactly("2|after|2", "4|after|4");
  }

  @Test
  void aBatchHoldingATruncateKeepsOnlyTheChangesAfterIt() throws Exception {
    BatchApplier task = task(METADATA);
    apply(task, order(1, "new", 1, position(10)));

    apply(
        task,
        order(2, "before", 2, position(15)),
        truncateOrders(position(20)),
        order(3, "after", 3, position(25)));

    assertThat(db.orders()).containsExactly("3|after|3");
  }

  @Test
  void anOlderTruncateArrivingLateKeepsTheNewerFloor() throws Exception {
    BatchApplier task = task(METADATA);
    apply(task, truncateOrders(position(40)));
    apply(task, order(1, "after", 1, position(45)));
    apply(task, truncateOrders(position(20)));
    apply(task, order(2, "between", 2, position(30)));

    assertThat(db.orders()).containsExactly("1|after|1");
    assertThat(db.rows("SELECT position FROM lockstep_state.lockstep_truncations"))
        .containsExactly(position(40));
  }

  @Test
  void rowsLockstepDidNotWriteAreRemovedToo() throws Exception {
    BatchApplier task = task(METADATA);
    apply(task, order(1, "new", 1, position(10)));
    db.execute("INSERT INTO shop.orders (id, status, amount) VALUES (9, 'manual', 9)");

    apply(task, truncateOrders(position(20)));

    assertThat(db.orders()).isEmpty();
  }

  @Test
  void aTruncateOfATableTheTargetLacksIsRecordedAndDeletesNothing() throws Exception {
    BatchApplier task = task(METADATA);
    TableId missing = new TableId("shop", "shop", "archive");
    apply(task, ChangeEvent.truncate(missing, Instant.EPOCH, position(20), null));

    assertThat(db.rows("SELECT table_name FROM lockstep_state.lockstep_truncations"))
        .containsExactly("archive");
  }

  @Test
  void withoutMetadataColumnsATruncateDeletesEveryRowWhereItIsApplied() throws Exception {
    BatchApplier task = task(MetadataColumns.disabled());
    apply(task, order(1, "new", 1, position(10)), order(2, "new", 2, position(11)));

    apply(task, truncateOrders(position(20)));
    apply(task, order(3, "new", 3, position(30)));

    assertThat(db.orders()).containsExactly("3|new|3");
  }

  @Test
  void theFloorFilterKeepsChangesOfOtherTablesAndAtOrAboveTheFloor() {
    TableNaming naming = TableNaming.of(List.of(), Optional.empty());
    ChangeEvent below = order(1, "x", 1, position(10));
    ChangeEvent at = order(2, "x", 2, position(20));
    ChangeEvent above = order(3, "x", 3, position(30));
    ChangeEvent neighbour = customer("eu", 1, "Ann", position(5));

    assertThat(
            TruncateBarrier.newerThanTruncates(
                List.of(below, at, above, neighbour),
                Map.of(new TableNaming.TargetName("shop", "orders"), position(20)),
                naming))
        .containsExactly(at, above, neighbour);
  }
}
