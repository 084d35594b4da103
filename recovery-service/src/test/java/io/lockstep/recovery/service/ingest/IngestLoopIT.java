package io.lockstep.recovery.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.discrepancy.DiscrepancyCodec;
import io.lockstep.failure.FailedRowCodec;
import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.item.ItemRepository;
import io.lockstep.recovery.service.support.TestKafka;
import io.lockstep.recovery.service.support.TestPipelines;
import io.lockstep.recovery.service.support.TestProperties;
import io.lockstep.recovery.service.support.TestStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ingest loop on a real Kafka and a real store: poison records on both topics are kept as items
 * and counted while the records around them are stored and the offsets committed; while the store's
 * database is down nothing is committed, and everything arrives once it is back.
 */
class IngestLoopIT {

  private static final String FAILED_ROWS = "lockstep.failed-rows";
  private static final String DISCREPANCIES = "lockstep.discrepancies";
  private static final String GROUP = "lockstep-recovery-shop";
  private static TestStore store;
  private static TestKafka kafka;
  private static PipelineConfig pipeline;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeAll
  static void start() throws Exception {
    store = TestStore.start();
    kafka = TestKafka.start();
    pipeline = TestPipelines.postgres(store.port(), "postgres", kafka.bootstrapServers());
    try (Admin admin = kafka.admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(FAILED_ROWS, 2, (short) 1),
                  new NewTopic(DISCREPANCIES, 2, (short) 1)))
          .all()
          .get();
    }
  }

  @BeforeEach
  void clear() {
    store.clear();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (kafka != null) {
        kafka.close();
      }
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  private IngestLoop loop() {
    RecoveryProperties properties =
        TestProperties.withIngest(new RecoveryProperties.Ingest(true, Duration.ofMillis(200)));
    IngestStore ingest =
        new IngestStore(
            new ItemRepository(store.jdbc()),
            new TransactionTemplate(new DataSourceTransactionManager(store.dataSource())),
            properties);
    return new IngestLoop(pipeline, properties, ingest, meters);
  }

  private double failures(String topic, String reason) {
    return meters.counter(IngestMetrics.FAILURES, "topic", topic, "reason", reason).count();
  }

  private static long count(String where) {
    return store
        .jdbc()
        .sql("SELECT count(*) FROM lockstep_recovery.item WHERE " + where)
        .query(Long.class)
        .single();
  }

  private static void send(String topic, int key, byte[] value) throws Exception {
    kafka.send(
        topic,
        ("{\"table\":\"postgres.shop.customers\",\"key\":{\"id\":" + key + "}}")
            .getBytes(StandardCharsets.UTF_8),
        value);
  }

  private static void sendRejected(int id, String message) throws Exception {
    send(FAILED_ROWS, id, rejected("{\"id\":" + id + "}", message));
  }

  private static byte[] rejected(String keyJson, String message) {
    return FailedRowCodec.encodeValue(IngestStoreIT.rejectedRow(keyJson, message));
  }

  private static void sendMissing(int id) throws Exception {
    send(
        DISCREPANCIES,
        id,
        DiscrepancyCodec.encodeValue(
            new Discrepancy(
                "shop",
                "shop.customers",
                "{\"id\":" + id + "}",
                Discrepancy.Kind.MISSING,
                List.of(),
                "pg:1:00:00",
                Instant.now(),
                Instant.now())));
  }

  /** Partitions of the two topics whose committed offset is not yet their end. */
  private static Map<TopicPartition, Long> uncommitted() throws Exception {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (String topic : List.of(FAILED_ROWS, DISCREPANCIES)) {
        for (int partition = 0; partition < 2; partition++) {
          latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
      }
      Map<TopicPartition, Long> behind = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach(
              (partition, end) -> {
                OffsetAndMetadata at = committed.get(partition);
                long done = at == null ? 0 : at.offset();
                if (done < end.offset()) {
                  behind.put(partition, end.offset() - done);
                }
              });
      return behind;
    }
  }

  @Test
  void poisonRecordsOnBothTopicsAreKeptAndCountedAndTheRecordsAfterThemAreStored()
      throws Exception {
    sendRejected(1, "check");
    send(FAILED_ROWS, 2, null);
    send(FAILED_ROWS, 3, new byte[] {0, (byte) 0xff, 'x'});
    send(FAILED_ROWS, 4, rejected(IngestStoreIT.longKey(10_000), "long key"));
    send(FAILED_ROWS, 5, rejected("{\"id\":5}", "a\u0000b"));
    send(
        DISCREPANCIES,
        6,
        ("{\"v\":1,\"pipeline\":\"shop\",\"key\":{\"id\":6},\"kind\":\"missing\",\"columns\":[],"
                + "\"detected_at\":\"2026-01-01T00:00:00Z\"}")
            .getBytes(StandardCharsets.UTF_8));
    sendMissing(7);
    sendRejected(8, "check");
    sendMissing(9);

    IngestLoop loop = loop();
    loop.start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(count("table_name = 'shop.customers'"))
                    .as("ids 1, 4 (10 kB key), 5 (U+0000), 7, 8, 9")
                    .isEqualTo(6);
                assertThat(count("kind = 'UNDECODABLE' AND state = 'MANUAL'")).isEqualTo(3);
                assertThat(uncommitted()).isEmpty();
              });
      assertThat(failures(FAILED_ROWS, "undecodable")).isEqualTo(2);
      assertThat(failures(DISCREPANCIES, "undecodable")).isEqualTo(1);
      assertThat(failures(FAILED_ROWS, "unstorable")).isZero();
      assertThat(failures(FAILED_ROWS, "store-unavailable")).isZero();
      assertThat(loop.isRunning()).isTrue();
    } finally {
      loop.stop();
    }
  }

  @Test
  void whileTheStoresDatabaseIsDownNothingIsCommittedAndEverythingArrivesOnceItIsBack()
      throws Exception {
    IngestLoop loop = loop();
    loop.start();
    // Connections to template1 stay possible, so the test can turn the store's database back on.
    try (Connection admin =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + store.port() + "/template1", "postgres", "");
        Statement sql = admin.createStatement()) {
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> uncommitted().isEmpty());
        sql.execute("ALTER DATABASE postgres ALLOW_CONNECTIONS false");
        sql.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'postgres'");
        sendRejected(20, "while the store is down");
        sendMissing(21);

        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    failures(FAILED_ROWS, "store-unavailable")
                            + failures(DISCREPANCIES, "store-unavailable")
                        >= 2);
        assertThat(uncommitted().values().stream().mapToLong(Long::longValue).sum())
            .as("both records still to be committed")
            .isEqualTo(2);
      } finally {
        sql.execute("ALTER DATABASE postgres ALLOW_CONNECTIONS true");
      }
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                assertThat(count("key_json IN ('{\"id\":20}', '{\"id\":21}')")).isEqualTo(2);
                assertThat(uncommitted()).isEmpty();
              });
      assertThat(loop.isRunning()).isTrue();
    } finally {
      loop.stop();
    }
  }
}
