package io.lockstep.recovery.service.item;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.recovery.service.reconcile.ReconcileMode;
import io.lockstep.recovery.service.reconcile.ReconcileRunRequest;
import io.lockstep.recovery.service.reconcile.ReconcileRunner;
import io.lockstep.recovery.service.reconcile.RunRepository;
import io.lockstep.recovery.service.support.TestStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

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
        RecordText.text("{}"));
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
    assertThat(resolved.items()).extracting(ItemSummary::keyJson).containsExactly("{\"id\":2}");
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

  /** {@code {"id": "..."}} of random letters, which do not compress below a btree entry. */
  private static String longKey(int length) {
    Random random = new Random(15);
    StringBuilder key = new StringBuilder("{\"id\":\"");
    for (int i = 0; i < length; i++) {
      key.append((char) ('a' + random.nextInt(26)));
    }
    return key.append("\"}").toString();
  }

  @Test
  void aKeyLongerThanABtreeEntryIsOneItem() {
    String key = longKey(10_000);
    assertThat(upsert(record(key, ItemKind.REJECTED, "lockstep.failed-rows", 1))).isTrue();
    assertThat(upsert(record(key, ItemKind.REJECTED, "lockstep.failed-rows", 1))).isFalse();
    assertThat(upsert(record(key, ItemKind.MISSING, "lockstep.discrepancies", 1))).isTrue();
    assertThat(count()).isEqualTo(1);
    assertThat(items.find("shop.customers", key).orElseThrow().kind()).isEqualTo(ItemKind.MISSING);
    assertThat(items.find("shop.customers", longKey(9_999) + " ")).isEmpty();
  }

  @Test
  void aRecordThatIsNotTextIsKeptInBase64ByteForByte() {
    byte[] value = {'{', 0, (byte) 0xff};
    IncomingRecord undecodable =
        new IncomingRecord(
            RowlessTables.UNDECODABLE,
            "{\"offset\":3,\"partition\":0,\"topic\":\"t\"}",
            ItemKind.UNDECODABLE,
            "t",
            0,
            3,
            null,
            NOW,
            "cannot be read",
            RecordText.of(value));
    items.upsert(undecodable, null, ItemState.MANUAL);
    Item kept = items.find(RowlessTables.UNDECODABLE, undecodable.keyJson()).orElseThrow();
    assertThat(kept.record().encoding()).isEqualTo(RecordText.Encoding.BASE64);
    assertThat(kept.record().bytes()).isEqualTo(value);
    assertThat(kept.hasRow()).isFalse();
  }

  @Test
  void textWithANulCharacterIsStoredWithTheCharacterEscaped() {
    IncomingRecord record =
        new IncomingRecord(
            "shop.customers",
            "{\"id\":4}",
            ItemKind.REJECTED,
            "lockstep.failed-rows",
            0,
            4,
            "pg:1:00:\u000000",
            NOW,
            "apply: rejected (SQLSTATE 22021) a\u0000b",
            RecordText.text("{}"));
    assertThat(upsert(record)).isTrue();
    Item item = items.find("shop.customers", "{\"id\":4}").orElseThrow();
    assertThat(item.lastError()).isEqualTo("apply: rejected (SQLSTATE 22021) a\\u0000b");
    assertThat(item.position()).isEqualTo("pg:1:00:\\u000000");
  }

  @Test
  void listingsReadSummariesWithTheStartOfTheError() {
    IncomingRecord record =
        new IncomingRecord(
            "shop.customers",
            "{\"id\":5}",
            ItemKind.REJECTED,
            "lockstep.failed-rows",
            0,
            5,
            null,
            NOW,
            "e".repeat(5_000),
            RecordText.text("{\"large\":\"" + "x".repeat(100_000) + "\"}"));
    upsert(record);
    ItemSummary summary = items.page(new ItemFilter(null, null, null, null), 0, 10).items().get(0);
    assertThat(summary.keyJson()).isEqualTo("{\"id\":5}");
    assertThat(summary.lastError()).hasSize(ItemRepository.SUMMARY_ERROR_LENGTH);
    Item item = items.find(summary.id()).orElseThrow();
    assertThat(item.lastError()).hasSize(5_000);
    assertThat(item.record()).isEqualTo(record.record());
  }

  @Test
  void retryNowLeavesItemsThatNameNoRowAlone() {
    upsert(record("{\"id\":6}", ItemKind.REJECTED, "lockstep.failed-rows", 6));
    IncomingRecord unstorable =
        new IncomingRecord(
            RowlessTables.UNSTORABLE,
            "{\"offset\":7,\"partition\":0,\"topic\":\"lockstep.failed-rows\"}",
            ItemKind.UNSTORABLE,
            "lockstep.failed-rows",
            0,
            7,
            null,
            NOW,
            "cannot be stored: SQLSTATE 54000",
            RecordText.text("{}"));
    items.upsert(unstorable, null, ItemState.MANUAL);
    long row = items.find("shop.customers", "{\"id\":6}").orElseThrow().id();
    long rowless = items.find(RowlessTables.UNSTORABLE, unstorable.keyJson()).orElseThrow().id();

    assertThat(items.withoutRow(List.of(row, rowless))).containsExactly(rowless);
    assertThat(items.makeDue(List.of(row, rowless), NOW)).containsExactly(row);
    assertThat(items.find(rowless).orElseThrow().state()).isEqualTo(ItemState.MANUAL);
  }

  @Test
  void retryNowLeavesARefusedTruncateAlone() {
    upsert(record("{\"id\":6}", ItemKind.REJECTED, "lockstep.failed-rows", 6));
    items.upsert(
        record("{}", ItemKind.TRUNCATE_REFUSED, "lockstep.failed-rows", 7), null, ItemState.MANUAL);
    long row = items.find("shop.customers", "{\"id\":6}").orElseThrow().id();
    long truncate = items.find("shop.customers", "{}").orElseThrow().id();

    assertThat(items.find(truncate).orElseThrow().hasRow()).isFalse();
    assertThat(items.withoutRow(List.of(row, truncate))).containsExactly(truncate);
    assertThat(items.makeDue(List.of(row, truncate), NOW)).containsExactly(row);
    assertThat(items.find(truncate).orElseThrow().state()).isEqualTo(ItemState.MANUAL);
    // A truncate the target refused has a row's kind, and its key still names the table.
    items.upsert(
        record("{}", ItemKind.REJECTED, "lockstep.failed-rows", 8), null, ItemState.MANUAL);
    assertThat(items.find(truncate).orElseThrow().hasRow()).isFalse();
    assertThat(items.makeDue(List.of(truncate), NOW)).isEmpty();
  }

  @Test
  void aReconcileDifferenceOfALongKeyIsRecordedOnce() {
    RunRepository runs = new RunRepository(store.jdbc());
    long run =
        runs.insert(
            ReconcileRunRequest.table("shop.customers", ReconcileMode.DRY_RUN), "test", null, NOW);
    String key = longKey(10_000);
    var difference = new ReconcileRunner.Difference(key, "MISSING", List.of(), false);
    runs.addDifference(run, difference);
    runs.addDifference(run, difference);
    assertThat(runs.differences(run, 0, 10))
        .extracting(ReconcileRunner.Difference::keyJson)
        .containsExactly(key);
  }

  @Test
  void theMigrationHashesTheKeysOfItemsStoredBeforeIt() throws Exception {
    store.jdbc().sql("CREATE DATABASE before_v3").update();
    PGSimpleDataSource older = new PGSimpleDataSource();
    older.setUrl("jdbc:postgresql://localhost:" + store.port() + "/before_v3");
    older.setUser("postgres");
    FluentConfiguration flyway =
        Flyway.configure().dataSource(older).schemas("lockstep_recovery").createSchemas(true);
    flyway.target("2").load().migrate();
    JdbcClient jdbc = JdbcClient.create(older);
    jdbc.sql(
            """
            INSERT INTO lockstep_recovery.item (table_name, key_json, kind, state, first_seen,
              last_seen, record)
            VALUES ('shop.customers', '{"id":"ü"}', 'REJECTED', 'PENDING', now(), now(), '{}')
            """)
        .update();

    assertThat(flyway.target("latest").load().migrate().migrationsExecuted).isEqualTo(1);

    ItemRepository upgraded = new ItemRepository(jdbc);
    Item item = upgraded.find("shop.customers", "{\"id\":\"ü\"}").orElseThrow();
    assertThat(item.record()).isEqualTo(RecordText.text("{}"));
    assertThat(
            upgraded.upsert(
                record("{\"id\":\"ü\"}", ItemKind.PARKED, "lockstep.failed-rows", 9),
                NOW,
                ItemState.PENDING))
        .isTrue();
    assertThat(upgraded.find(item.id()).orElseThrow().kind()).isEqualTo(ItemKind.PARKED);
  }
}
