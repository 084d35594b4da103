package io.lockstep.apply;

import static io.lockstep.apply.TargetDatabase.DIALECT;
import static io.lockstep.apply.TargetDatabase.METADATA;
import static io.lockstep.apply.TargetDatabase.ORDERS;
import static io.lockstep.apply.TargetDatabase.PIPELINE;
import static io.lockstep.apply.TargetDatabase.STATE_SCHEMA;
import static io.lockstep.apply.TargetDatabase.customer;
import static io.lockstep.apply.TargetDatabase.deleteCustomer;
import static io.lockstep.apply.TargetDatabase.deleteOrder;
import static io.lockstep.apply.TargetDatabase.deleteTagged;
import static io.lockstep.apply.TargetDatabase.order;
import static io.lockstep.apply.TargetDatabase.position;
import static io.lockstep.apply.TargetDatabase.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.config.TableNaming;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableSchema;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * {@link BatchApplier} on a real PostgreSQL: the statements of a batch, the position guard (an
 * older change never overwrites a newer one), replays that change nothing, and per-key order.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BatchApplierTest {

  private static TargetDatabase db;

  private BatchApplier applier;

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
  void freshTablesAndApplier() throws Exception {
    db.reset();
    TargetTableCache tables =
        new TargetTableCache(
            DIALECT, METADATA, true, TableNaming.of(List.of(), Optional.empty()), false);
    applier =
        new BatchApplier(
            DIALECT,
            METADATA,
            tables,
            new EpochFence(DIALECT, METADATA, PIPELINE, STATE_SCHEMA),
            TargetDatabase.truncates(),
            new PendingBackfill(DIALECT, PIPELINE, STATE_SCHEMA));
  }

  /** One batch in one transaction, as the writer runs it. */
  private void apply(ChangeEvent... changes) throws Exception {
    apply(Arrays.asList(changes));
  }

  private void apply(List<ChangeEvent> changes) throws Exception {
    try (Connection connection = db.connect()) {
      applier.apply(connection, changes);
      connection.commit();
    }
  }

  /** {@code shop.orders} with the metadata columns: {@code id|status|amount|origin|position}. */
  private static List<String> ordersWithMetadata() throws Exception {
    return db.rows(
        "SELECT id, status, amount, _lockstep_origin, _lockstep_position FROM shop.orders"
            + " ORDER BY id");
  }

  @Test
  void oneBatchWritesUpsertsAndDeletesOfSeveralTables() throws Exception {
    apply(
        order(1, "new", 10, position(1)),
        order(2, "new", 20, position(2)),
        order(3, "new", 30, position(3)),
        customer("eu", 1, "Ann", position(4)),
        customer("us", 1, "Bob", position(5)));

    Map<String, Object> statusOnly = new LinkedHashMap<>();
    statusOnly.put("id", 3L);
    statusOnly.put("status", "paid");
    apply(
        order(1, "paid", 11, position(6)),
        deleteOrder(2, position(7)),
        // An image of other columns (an unchanged TOASTed column left out): its own statement,
        // which leaves the columns it lacks as they are.
        ChangeEvent.update(
            TargetDatabase.ORDERS, null, statusOnly, Instant.EPOCH, position(8), null),
        order(4, "new", 40, position(9)),
        deleteCustomer("eu", 1, position(10)),
        customer("eu", 2, "Cid", position(11)));

    assertThat(ordersWithMetadata())
        .containsExactly(
            "1|paid|11|R|" + position(6),
            "3|paid|30|R|" + position(8),
            "4|new|40|R|" + position(9));
    assertThat(db.rows("SELECT region, id, name FROM shop.customers ORDER BY region, id"))
        .containsExactly("eu|2|Cid", "us|1|Bob");
    assertThat(db.rows("SELECT _lockstep_commit_ts = 'epoch'::timestamptz FROM shop.orders"))
        .containsOnly("t");
  }

  @Test
  void aLargeBatchIsWrittenWhole() throws Exception {
    List<ChangeEvent> changes = new ArrayList<>();
    for (long id = 1; id <= 40_000; id++) {
      changes.add(order(id, "bulk", id, position(id)));
    }
    apply(changes);

    assertThat(db.rows("SELECT count(*), sum(amount), max(_lockstep_position) FROM shop.orders"))
        .containsExactly("40000|800020000|" + position(40_000));
  }

  @Test
  void anOlderPositionNeverOverwritesANewerOne() throws Exception {
    apply(order(1, "newer", 10, position(50)), order(2, "kept", 20, position(50)));

    apply(order(1, "older", 1, position(30)), deleteOrder(2, position(40)));
    assertThat(ordersWithMetadata())
        .as("an older upsert and an older delete leave the newer rows alone")
        .containsExactly("1|newer|10|R|" + position(50), "2|kept|20|R|" + position(50));

    apply(order(1, "same", 2, position(50)));
    assertThat(db.orders()).as("the same position is written again").startsWith("1|same|2");

    apply(order(1, "newest", 3, position(60)), deleteOrder(2, position(60)));
    assertThat(ordersWithMetadata()).containsExactly("1|newest|3|R|" + position(60));
  }

  @Test
  void aRowLockstepNeverWroteIsOverwritten() throws Exception {
    apply(order(1, "first", 10, position(10)));
    db.execute(
        "INSERT INTO shop.orders (id, status, amount) VALUES (2, 'by hand', 0), (3, 'x', 0)");

    apply(order(2, "replicated", 20, position(5)), deleteOrder(3, position(5)));

    assertThat(ordersWithMetadata())
        .containsExactly("1|first|10|R|" + position(10), "2|replicated|20|R|" + position(5));
  }

  @Test
  void replayingChangesLeavesTheTargetAsItWas() throws Exception {
    List<List<ChangeEvent>> batches =
        List.of(
            List.of(
                order(1, "new", 10, position(1)),
                order(2, "new", 20, position(2)),
                customer("eu", 1, "Ann", position(3))),
            List.of(
                order(1, "paid", 11, position(4)),
                deleteOrder(2, position(5)),
                customer("eu", 1, "Anne", position(6))),
            List.of(order(3, "new", 30, position(7)), deleteCustomer("eu", 1, position(8))));
    for (List<ChangeEvent> batch : batches) {
      apply(batch);
    }
    List<String> orders = ordersWithMetadata();
    List<String> customers = db.rows("SELECT * FROM shop.customers");

    apply(batches.get(2));
    assertThat(ordersWithMetadata()).as("the last batch again").isEqualTo(orders);

    for (List<ChangeEvent> batch : batches) {
      apply(batch);
    }
    assertThat(ordersWithMetadata()).as("every batch again, from the first").isEqualTo(orders);
    assertThat(db.rows("SELECT * FROM shop.customers")).isEqualTo(customers).isEmpty();
    assertThat(orders).containsExactly("1|paid|11|R|" + position(4), "3|new|30|R|" + position(7));
  }

  @Test
  void theChangesOfAKeyEndInTheLastOneHoweverTheyAreBatched() throws Exception {
    List<ChangeEvent> history =
        List.of(
            order(1, "new", 10, position(1)),
            order(1, "paid", 11, position(2)),
            deleteOrder(1, position(3)),
            order(1, "again", 12, position(4)),
            order(2, "new", 20, position(5)),
            deleteOrder(2, position(6)));

    // Folded into one batch, as the apply task's buffer does.
    ChangeBuffer buffer = new ChangeBuffer();
    history.forEach(change -> buffer.add(String.valueOf(change.key().get("id")), change));
    apply(buffer.rows().stream().map(ChangeBuffer.PendingRow::event).toList());
    List<String> folded = ordersWithMetadata();

    // One change per batch, in order.
    db.reset();
    freshTablesAndApplier();
    for (ChangeEvent change : history) {
      apply(change);
    }
    List<String> oneByOne = ordersWithMetadata();

    // The whole history in reverse: the position guard keeps the newest state.
    db.reset();
    freshTablesAndApplier();
    List<ChangeEvent> reversed = new ArrayList<>(history);
    Collections.reverse(reversed);
    for (ChangeEvent change : reversed) {
      apply(change);
    }

    assertThat(folded).containsExactly("1|again|12|R|" + position(4));
    assertThat(oneByOne).isEqualTo(folded);
    assertThat(db.orders())
        .as(
            "key 1 ends in its newest state; key 2's delete, seen before its insert, left no"
                + " position behind, so the insert brings the row back (the limit docs/apply.md"
                + " names; the capture never reverses a key's changes)")
        .containsExactly("1|again|12", "2|new|20");
  }

  @Test
  void rowWiseStatementsOfArrayColumnsKeepThePositionGuard() throws Exception {
    apply(tagged(1, List.of("a", "b"), position(10)), tagged(2, List.of("c"), position(10)));
    apply(
        tagged(1, List.of("older"), position(5)),
        deleteTagged(2, position(5)),
        tagged(3, List.of("x", "y z"), position(11)));
    assertThat(db.rows("SELECT id, tags, _lockstep_position FROM shop.tagged ORDER BY id"))
        .containsExactly(
            "1|{a,b}|" + position(10), "2|{c}|" + position(10), "3|{x,\"y z\"}|" + position(11));

    apply(deleteTagged(2, position(12)), tagged(1, List.of(), position(12)));
    assertThat(db.rows("SELECT id, tags FROM shop.tagged ORDER BY id"))
        .containsExactly("1|{}", "3|{x,\"y z\"}");
  }

  @Test
  void aSourceColumnTheTargetLacksIsCountedForBackfill() throws Exception {
    TableSchema withCoupon =
        new TableSchema(
            ORDERS.id(),
            List.of(
                ColumnSchema.of("id", ColumnType.INT64),
                ColumnSchema.of("status", ColumnType.STRING),
                ColumnSchema.of("amount", ColumnType.INT64),
                ColumnSchema.of("coupon", ColumnType.STRING)),
            List.of("id"));
    List<ChangeEvent> changes = new ArrayList<>();
    for (long id = 1; id <= 3; id++) {
      Map<String, Object> after = new LinkedHashMap<>();
      after.put("id", id);
      after.put("status", "new");
      after.put("amount", id);
      after.put("coupon", "C" + id);
      changes.add(ChangeEvent.insert(withCoupon, after, Instant.EPOCH, position(10 + id), null));
    }
    apply(changes);

    assertThat(db.orders()).containsExactly("1|new|1", "2|new|2", "3|new|3");
    assertThat(
            db.rows(
                "SELECT pipeline, table_schema, table_name, column_name, first_position,"
                    + " last_position, row_changes FROM lockstep_state.lockstep_pending_backfill"))
        .containsExactly(
            PIPELINE + "|shop|orders|coupon|" + position(11) + "|" + position(13) + "|3");
  }
}
