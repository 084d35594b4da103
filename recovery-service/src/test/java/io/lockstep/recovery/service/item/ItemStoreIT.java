package io.lockstep.recovery.service.item;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.recovery.service.support.TestStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ItemStoreIT {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private static TestStore store;
  private static ItemRepository items;

  @BeforeAll
  static void startStore() throws Exception {
    store = TestStore.start();
    items = new ItemRepository(store.jdbc());
  }

  @AfterAll
  static void stopStore() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  @BeforeEach
  void clear() {
    store.clear();
  }

  private static IncomingRecord record(String key, ItemKind kind, String topic, long offset) {
    return new IncomingRecord(
        "shop.customers",
        key,
        kind,
        topic,
        0,
        offset,
        "pg:1:00:00",
        NOW.minus(Duration.ofMinutes(10)),
        "apply: rejected",
        "{}");
  }

  private static boolean upsert(IncomingRecord record) {
    return items.upsert(record, record.at().plus(Duration.ofMinutes(5)), ItemState.PENDING);
  }

  private static long count() {
    return store
        .jdbc()
        .sql("SELECT count(*) FROM lockstep_recovery.item")
        .query(Long.class)
        .single();
  }

  @Test
  void migrationsRunOnce() {
    assertThat(store.migrate()).isZero();
  }

  @Test
  void theSameRecordTwiceIsOneItem() {
    IncomingRecord record = record("{\"id\":1}", ItemKind.REJECTED, "lockstep.failed-rows", 7);
    assertThat(upsert(record)).isTrue();
    assertThat(upsert(record)).as("a redelivery changes nothing").isFalse();
    assertThat(count()).isEqualTo(1);
    Item item = items.find("shop.customers", "{\"id\":1}").orElseThrow();
    assertThat(item.state()).isEqualTo(ItemState.PENDING);
    assertThat(item.version()).isZero();
    assertThat(item.nextAttemptAt()).isEqualTo(record.at().plus(Duration.ofMinutes(5)));
  }

  @Test
  void aNewerRecordOfTheKeyUpdatesTheItem() {
    upsert(record("{\"id\":1}", ItemKind.REJECTED, "lockstep.failed-rows", 7));
    upsert(record("{\"id\":1}", ItemKind.PARKED, "lockstep.failed-rows", 9));
    upsert(record("{\"id\":1}", ItemKind.REJECTED, "lockstep.failed-rows", 8));
    upsert(record("{\"id\":1}", ItemKind.DIFFERENT, "lockstep.discrepancies", 3));
    assertThat(count()).isEqualTo(1);
    Item item = items.find("shop.customers", "{\"id\":1}").orElseThrow();
    assertThat(item.kind()).isEqualTo(ItemKind.DIFFERENT);
    assertThat(item.sourceTopic()).isEqualTo("lockstep.discrepancies");
  }

  @Test
  void aResolvedRecordResolvesAndALaterFailureReopens() {
    upsert(record("{\"id\":1}", ItemKind.REJECTED, "lockstep.failed-rows", 7));
    assertThat(items.resolve("shop.customers", "{\"id\":1}", NOW, "apply wrote it")).isTrue();
    Item resolved = items.find("shop.customers", "{\"id\":1}").orElseThrow();
    assertThat(resolved.state()).isEqualTo(ItemState.RESOLVED);
    assertThat(resolved.resolution()).isEqualTo("apply wrote it");

    upsert(record("{\"id\":1}", ItemKind.MISSING, "lockstep.discrepancies", 1));
    Item reopened = items.find("shop.customers", "{\"id\":1}").orElseThrow();
    assertThat(reopened.state()).isEqualTo(ItemState.PENDING);
    assertThat(reopened.attempts()).isZero();
    assertThat(reopened.resolution()).isNull();
  }

  @Test
  void onlyDueItemsAreTakenAndATakenItemIsNotTakenAgain() {
    upsert(record("{\"id\":1}", ItemKind.REJECTED, "lockstep.failed-rows", 1));
    IncomingRecord later =
        new IncomingRecord(
            "shop.customers", "{\"id\":2}", ItemKind.REJECTED, "t", 0, 2, null, NOW, null, null);
    items.upsert(later, NOW.plus(Duration.ofHours(1)), ItemState.PENDING);

    List<Item> taken = items.claimDue(NOW, NOW.plus(Duration.ofMinutes(2)), 10);
    assertThat(taken).extracting(Item::keyJson).containsExactly("{\"id\":1}");
    assertThat(taken.get(0).state()).isEqualTo(ItemState.RETRYING);
    assertThat(taken.get(0).attempts()).isEqualTo(1);
    assertThat(items.claimDue(NOW, NOW.plus(Duration.ofMinutes(2)), 10)).isEmpty();
  }

  @Test
  void anItemWhoseLeaseRanOutIsTakenAgain() {
    upsert(record("{\"id\":1}", ItemKind.REJECTED, "lockstep.failed-rows", 1));
    assertThat(items.claimDue(NOW, NOW.minusSeconds(1), 10)).hasSize(1);
    List<Item> again = items.claimDue(NOW, NOW.plus(Duration.ofMinutes(2)), 10);
    assertThat(again).hasSize(1);
    assertThat(again.get(0).attempts()).isEqualTo(2);
  }

  @Test
  void rowsLockedByAnotherInstanceAreSkipped() throws Exception {
    upsert(record("{\"id\":1}", ItemKind.REJECTED, "lockstep.failed-rows", 1));
    upsert(record("{\"id\":2}", ItemKind.REJECTED, "lockstep.failed-rows", 2));
    long first = items.find("shop.customers", "{\"id\":1}").orElseThrow().id();
    try (Connection other = store.dataSource().getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement lock =
          other.prepareStatement("SELECT id FROM lockstep_recovery.item WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, first);
        lock.executeQuery().close();
      }
      // Another instance is in the middle of taking item 1: this one takes item 2 without waiting.
      List<Item> taken = items.claimDue(NOW, NOW.plus(Duration.ofMinutes(2)), 10);
      assertThat(taken).extracting(Item::keyJson).containsExactly("{\"id\":2}");
      other.rollback();
    }
    assertThat(items.claimDue(NOW, NOW.plus(Duration.ofMinutes(2)), 10))
        .extracting(Item::keyJson)
        .containsExactly("{\"id\":1}");
  }

  @Test
  void finishingAfterANewerRecordArrivedLeavesTheItemToBeTriedAgain() {
    upsert(record("{\"id\":1}", ItemKind.REJECTED, "lockstep.failed-rows", 1));
    Item taken = items.claimDue(NOW, NOW.plus(Duration.ofMinutes(2)), 10).get(0);
    upsert(record("{\"id\":1}", ItemKind.PARKED, "lockstep.failed-rows", 2));
    assertThat(items.finish(taken, ItemState.RESOLVED, null, null, "re-synced")).isFalse();
    Item item = items.find(taken.id()).orElseThrow();
    assertThat(item.state()).isEqualTo(ItemState.PENDING);
    assertThat(item.kind()).isEqualTo(ItemKind.PARKED);
  }

  @Test
  void pagesFilterByTableStateKindAndTime() {
    upsert(record("{\"id\":1}", ItemKind.REJECTED, "lockstep.failed-rows", 1));
    upsert(record("{\"id\":2}", ItemKind.MISSING, "lockstep.discrepancies", 1));
    items.resolve("shop.customers", "{\"id\":2}", NOW, "done");
    ItemPage resolved =
        items.page(new ItemFilter("shop.customers", ItemState.RESOLVED, null, null), 0, 10);
    assertThat(resolved.total()).isEqualTo(1);
    assertThat(resolved.items()).extracting(Item::keyJson).containsExactly("{\"id\":2}");
    ItemPage failed =
        items.page(new ItemFilter(null, null, java.util.Set.of(ItemKind.REJECTED), null), 0, 10);
    assertThat(failed.total()).isEqualTo(1);
    assertThat(items.page(new ItemFilter(null, null, null, NOW.plusSeconds(60)), 0, 10).total())
        .isZero();
    assertThat(items.countByState())
        .containsEntry(ItemState.PENDING, 1L)
        .containsEntry(ItemState.RESOLVED, 1L)
        .containsEntry(ItemState.ESCALATED, 0L);
  }
}
