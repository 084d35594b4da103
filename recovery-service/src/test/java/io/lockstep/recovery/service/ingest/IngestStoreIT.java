package io.lockstep.recovery.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import io.lockstep.recovery.service.item.Item;
import io.lockstep.recovery.service.item.ItemKind;
import io.lockstep.recovery.service.item.ItemRepository;
import io.lockstep.recovery.service.item.ItemState;
import io.lockstep.recovery.service.item.RecordText;
import io.lockstep.recovery.service.item.RowlessTables;
import io.lockstep.recovery.service.support.TestProperties;
import io.lockstep.recovery.service.support.TestStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Poison records on the real store (embedded PostgreSQL): each is kept as an item with its reason
 * and the records after it in the same poll are stored; a store that fails keeps nothing of the
 * poll, so that it is read again.
 */
class IngestStoreIT {

  private static final String FAILED_ROWS = "lockstep.failed-rows";
  private static final String DISCREPANCIES = "lockstep.discrepancies";
  private static TestStore store;
  private static ItemRepository items;
  private static IngestStore ingest;
  private final RecordDecoder decoder = new RecordDecoder(FAILED_ROWS, DISCREPANCIES);
  private long offset;

  @BeforeAll
  static void startStore() throws Exception {
    store = TestStore.start();
    items = new ItemRepository(store.jdbc());
    ingest =
        new IngestStore(
            items,
            new TransactionTemplate(new DataSourceTransactionManager(store.dataSource())),
            TestProperties.defaults());
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

  /** Decodes and stores one poll, as the ingest loop does. */
  private List<IngestStore.Refused> poll(List<ConsumerRecord<byte[], byte[]>> records) {
    List<ReadRecord> read = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      read.add(new ReadRecord(record, decoder.decode(record)));
    }
    return ingest.store(read);
  }

  private ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
    return new ConsumerRecord<>(topic, 0, offset++, new byte[0], value);
  }

  private ConsumerRecord<byte[], byte[]> rejected(String keyJson, String message) {
    return record(FAILED_ROWS, FailedRowCodec.encodeValue(rejectedRow(keyJson, message)));
  }

  static FailedRow rejectedRow(String keyJson, String message) {
    return new FailedRow(
        FailedRow.Kind.REJECTED,
        "shop",
        "postgres.shop.customers",
        keyJson,
        "pg:1:0000000001A2B3C4:0000000001A2B400",
        new FailedRow.Error("PSQLException", "23514", 0, message),
        1,
        Instant.now(),
        null,
        null,
        null);
  }

  /** A {@code {"id": "..."}} key of {@code length} random letters: it does not compress. */
  static String longKey(int length) {
    Random random = new Random(15);
    StringBuilder key = new StringBuilder("{\"id\":\"");
    for (int i = 0; i < length; i++) {
      key.append((char) ('a' + random.nextInt(26)));
    }
    return key.append("\"}").toString();
  }

  private static long count(String where) {
    return store
        .jdbc()
        .sql("SELECT count(*) FROM lockstep_recovery.item WHERE " + where)
        .query(Long.class)
        .single();
  }

  private static Item good() {
    return items.find("shop.customers", "{\"id\":1}").orElseThrow();
  }

  /** The item of a record that names no row, found by where the record is. */
  private static Item rowless(String table, String topic, long offset) {
    return items
        .find(table, "{\"offset\":" + offset + ",\"partition\":0,\"topic\":\"" + topic + "\"}")
        .orElseThrow();
  }

  @Test
  void aDiscrepancyWithoutATableIsKeptAndTheRecordsAfterItAreStored() {
    byte[] noTable =
        ("{\"v\":1,\"pipeline\":\"shop\",\"key\":{\"id\":3},\"kind\":\"missing\",\"columns\":[],"
                + "\"position\":\"pg:1:00:00\",\"detected_at\":\"2026-01-01T00:00:00Z\"}")
            .getBytes(StandardCharsets.UTF_8);
    poll(List.of(record(DISCREPANCIES, noTable), rejected("{\"id\":1}", "check")));

    Item kept = rowless(RowlessTables.UNDECODABLE, DISCREPANCIES, 0);
    assertThat(kept.kind()).isEqualTo(ItemKind.UNDECODABLE);
    assertThat(kept.state()).isEqualTo(ItemState.MANUAL);
    assertThat(kept.lastError()).isEqualTo("cannot be read: the record names no table");
    assertThat(kept.record().bytes()).isEqualTo(noTable);
    assertThat(good().state()).isEqualTo(ItemState.PENDING);
  }

  @Test
  void aNulCharacterInAStringValueIsEscapedAndTheRowIsAnItemLikeAnyOther() {
    List<IngestStore.Refused> refused =
        poll(
            List.of(
                rejected("{\"id\":2,\"code\":\"a\\u0000b\"}", "value \u0000 refused"),
                rejected("{\"id\":1}", "check")));

    assertThat(refused).isEmpty();
    Item nul = items.find("shop.customers", "{\"code\":\"a\\u0000b\",\"id\":2}").orElseThrow();
    assertThat(nul.kind()).isEqualTo(ItemKind.REJECTED);
    assertThat(nul.state()).isEqualTo(ItemState.PENDING);
    assertThat(nul.lastError()).endsWith("value \\u0000 refused");
    assertThat(nul.record().encoding()).isEqualTo(RecordText.Encoding.TEXT);
    assertThat(nul.record().text()).contains("value \\u0000 refused");
    assertThat(good().state()).isEqualTo(ItemState.PENDING);
  }

  @Test
  void aKeyOfTenKilobytesIsOneItemThatLaterRecordsUpdateAndResolve() {
    String key = longKey(10_000);
    poll(List.of(rejected(key, "too long for the target"), rejected("{\"id\":1}", "check")));
    poll(List.of(rejected(key, "refused again")));

    assertThat(count("table_name = 'shop.customers'")).isEqualTo(2);
    Item item = items.find("shop.customers", key).orElseThrow();
    assertThat(item.keyJson()).isEqualTo(key);
    assertThat(item.lastError()).endsWith("refused again");
    assertThat(items.resolve("shop.customers", key, Instant.now(), "re-synced")).isTrue();
    assertThat(items.find(item.id()).orElseThrow().state()).isEqualTo(ItemState.RESOLVED);
    assertThat(good().state()).isEqualTo(ItemState.PENDING);
  }

  @Test
  void garbageBytesAreKeptByteForByte() {
    byte[] garbage = {0, (byte) 0xff, '{', 0, (byte) 0xc3};
    poll(List.of(record(FAILED_ROWS, garbage), rejected("{\"id\":1}", "check")));

    Item kept = rowless(RowlessTables.UNDECODABLE, FAILED_ROWS, 0);
    assertThat(kept.state()).isEqualTo(ItemState.MANUAL);
    assertThat(kept.record().encoding()).isEqualTo(RecordText.Encoding.BASE64);
    assertThat(kept.record().bytes()).isEqualTo(garbage);
    assertThat(kept.lastError()).startsWith("cannot be read: not JSON");
    assertThat(good().state()).isEqualTo(ItemState.PENDING);
  }

  @Test
  void aRecordWithoutAValueIsKept() {
    poll(List.of(record(FAILED_ROWS, null), rejected("{\"id\":1}", "check")));

    Item kept = rowless(RowlessTables.UNDECODABLE, FAILED_ROWS, 0);
    assertThat(kept.record()).isNull();
    assertThat(kept.lastError()).isEqualTo("cannot be read: the record has no value");
    assertThat(good().state()).isEqualTo(ItemState.PENDING);
  }

  @Test
  void everyPoisonRecordInOnePollIsKeptAndTheGoodRecordsBetweenThemAreStored() {
    poll(
        List.of(
            record(FAILED_ROWS, null),
            rejected("{\"id\":10}", "check"),
            record(FAILED_ROWS, new byte[] {0, 1, 2}),
            rejected(longKey(10_000), "long"),
            rejected("{\"id\":11}", "a\u0000b"),
            record(DISCREPANCIES, "{\"v\":1}".getBytes(StandardCharsets.UTF_8)),
            rejected("{\"id\":1}", "check")));

    assertThat(count("table_name = 'shop.customers'")).isEqualTo(4);
    assertThat(count("kind = 'UNDECODABLE' AND state = 'MANUAL'")).isEqualTo(3);
  }

  @Test
  void aRecordTheStoreRefusesIsKeptAsUnstorableWithTheDatabasesReason() {
    refuseKeysLike("%poison%", "22023");
    try {
      ConsumerRecord<byte[], byte[]> poison = rejected("{\"id\":\"poison\"}", "check");
      List<IngestStore.Refused> refused = poll(List.of(poison, rejected("{\"id\":1}", "check")));

      assertThat(refused).hasSize(1);
      assertThat(refused.get(0).code()).isEqualTo("SQLSTATE 22023");
      Item kept = rowless(RowlessTables.UNSTORABLE, FAILED_ROWS, 0);
      assertThat(kept.kind()).isEqualTo(ItemKind.UNSTORABLE);
      assertThat(kept.state()).isEqualTo(ItemState.MANUAL);
      assertThat(kept.hasRow()).isFalse();
      assertThat(kept.lastError())
          .startsWith("cannot be stored: SQLSTATE 22023: ERROR: refused by the test");
      assertThat(new String(kept.record().bytes(), StandardCharsets.UTF_8)).contains("poison");
      assertThat(good().state()).isEqualTo(ItemState.PENDING);

      assertThat(poll(List.of(poison))).as("read again: refused again, kept once").hasSize(1);
      assertThat(count("TRUE")).isEqualTo(2);
    } finally {
      allowAllKeys();
    }
  }

  @Test
  void aStoreThatCannotAnswerNowKeepsNothingOfThePoll() {
    // 40001 (serialization failure) is a transient failure of the store, not of the record.
    refuseKeysLike("%flaky%", "40001");
    try {
      assertThatThrownBy(
              () ->
                  poll(
                      List.of(
                          rejected("{\"id\":1}", "check"), rejected("{\"id\":\"flaky\"}", "x"))))
          .satisfies(e -> assertThat(StoreFailures.isTransient(e)).isTrue());
      assertThat(count("TRUE")).as("the record before it is rolled back too").isZero();
    } finally {
      allowAllKeys();
    }
  }

  @Test
  void aStoreThatRefusesEvenTheUnstorableItemKeepsNothingOfThePoll() {
    store.jdbc().sql("ALTER TABLE lockstep_recovery.item RENAME TO item_away").update();
    try {
      assertThatThrownBy(() -> poll(List.of(rejected("{\"id\":1}", "check"))))
          .satisfies(e -> assertThat(StoreFailures.code(e)).isEqualTo("SQLSTATE 42P01"));
    } finally {
      store.jdbc().sql("ALTER TABLE lockstep_recovery.item_away RENAME TO item").update();
    }
    assertThat(count("TRUE")).isZero();
    poll(List.of(rejected("{\"id\":1}", "check")));
    assertThat(good().state()).isEqualTo(ItemState.PENDING);
  }

  /** A trigger that refuses items whose key matches, with the SQLSTATE given: a real refusal. */
  private static void refuseKeysLike(String pattern, String sqlState) {
    store
        .jdbc()
        .sql(
            """
            CREATE FUNCTION lockstep_recovery.refuse_for_test() RETURNS trigger
            LANGUAGE plpgsql AS $f$
            BEGIN
              IF NEW.key_json LIKE '%s' THEN
                RAISE EXCEPTION 'refused by the test' USING ERRCODE = '%s';
              END IF;
              RETURN NEW;
            END $f$;
            CREATE TRIGGER refuse_for_test BEFORE INSERT OR UPDATE ON lockstep_recovery.item
              FOR EACH ROW EXECUTE FUNCTION lockstep_recovery.refuse_for_test();
            """
                .formatted(pattern, sqlState))
        .update();
  }

  private static void allowAllKeys() {
    store
        .jdbc()
        .sql(
            "DROP TRIGGER refuse_for_test ON lockstep_recovery.item;"
                + " DROP FUNCTION lockstep_recovery.refuse_for_test()")
        .update();
  }
}
