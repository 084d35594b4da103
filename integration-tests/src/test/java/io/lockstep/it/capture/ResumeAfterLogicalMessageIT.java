package io.lockstep.it.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.lockstep.capture.DebeziumProperties;
import io.lockstep.capture.FlinkStateOffsetStore;
import io.lockstep.capture.ResumeOffset;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The capture resumes from the position of a logical-decoding message (its heartbeat's) without
 * losing the change that follows it in the WAL: the first row of the first transaction after an
 * idle spell, which {@code TaskManagerFailureIT} once lost. See {@link ResumeOffset}.
 *
 * <p>It drives Debezium directly from an offset, as the capture restores one from a checkpoint,
 * because the condition needs a transaction whose first WAL record starts exactly where the message
 * record ends, which the test arranges and checks before it resumes.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ResumeAfterLogicalMessageIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedPostgresServer source;
  private static PipelineConfig config;

  @BeforeAll
  static void start() throws Exception {
    source = EmbeddedPostgresServer.start("source");
    config =
        new PipelineConfigLoader(Map.of("PASSWORD", "unused")::get)
            .parse(
                """
                pipeline:
                  name: resume
                source:
                  type: postgres
                  host: %s
                  port: %d
                  database: %s
                  user: postgres
                  password-env: PASSWORD
                  tables: ["app\\\\.items"]
                target:
                  type: postgres
                  host: localhost
                  port: 5432
                  database: unused
                  user: postgres
                  password-env: PASSWORD
                kafka:
                  bootstrap-servers: localhost:9092
                """
                    .formatted(source.host(), source.port(), source.database()),
                "(test pipeline)");
  }

  @AfterAll
  static void stop() throws Exception {
    if (source != null) {
      source.close();
    }
  }

  @Test
  void theChangeRightAfterAHeartbeatMessageIsNotSkippedOnResume() throws Exception {
    Adjacent adjacent;
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA app");
      st.execute("CREATE TABLE app.items (id int PRIMARY KEY)");
      st.execute("CREATE PUBLICATION " + config.publicationName() + " FOR TABLE app.items");
      st.execute(
          "SELECT pg_create_logical_replication_slot('" + config.slotName() + "', 'pgoutput')");
      adjacent = messageFollowedByTransaction(c, st);
    }
    long messagePosition = adjacent.position();
    int first = adjacent.firstId();
    // The offset Debezium records for its heartbeat message, as a checkpoint would hold it.
    Map<String, Object> heartbeatOffset =
        Map.of(
            "lsn_proc",
            messagePosition,
            "lsn_commit",
            messagePosition,
            "lsn",
            messagePosition,
            "messageType",
            "MESSAGE",
            "txId",
            1L,
            "ts_usec",
            1L);

    // Debezium, resumed from its own offset, skips the first insert. If this starts to fail,
    // Debezium has fixed its WalPositionLocator and ResumeOffset may go.
    assertThat(idsCapturedResumingFrom(heartbeatOffset, "bare", first + 1))
        .containsExactly(first + 1);
    // Resumed from the offset the capture checkpoints, it loses nothing.
    assertThat(idsCapturedResumingFrom(ResumeOffset.of(heartbeatOffset), "corrected", first + 1))
        .containsExactlyInAnyOrder(first, first + 1);
  }

  /** A message's position, which is also where the transaction inserting two rows began. */
  private record Adjacent(long position, int firstId) {}

  /**
   * Emits a non-transactional message, then inserts two rows in one transaction, until that
   * transaction's BEGIN (the position of its first record) is the message's position: nothing else
   * wrote WAL in between.
   */
  private static Adjacent messageFollowedByTransaction(Connection c, Statement st)
      throws SQLException {
    st.execute("SELECT pg_create_logical_replication_slot('observer', 'pgoutput')");
    try {
      for (int attempt = 1; attempt <= 20; attempt++) {
        long message =
            queryLong(st, "SELECT pg_logical_emit_message(false, 'test', 'idle') - '0/0'");
        c.setAutoCommit(false);
        int first = attempt * 10;
        st.execute("INSERT INTO app.items VALUES (" + first + ")");
        st.execute("INSERT INTO app.items VALUES (" + (first + 1) + ")");
        c.commit();
        c.setAutoCommit(true);
        Long begin = null;
        try (ResultSet rs =
            st.executeQuery(
                "SELECT lsn - '0/0', get_byte(data, 0) FROM pg_logical_slot_get_binary_changes("
                    + "'observer', NULL, NULL, 'proto_version', '1', 'publication_names', '"
                    + config.publicationName()
                    + "')")) {
          while (rs.next()) {
            if (rs.getInt(2) == 'B') {
              begin = rs.getLong(1);
            }
          }
        }
        if (begin != null && begin == message) {
          return new Adjacent(message, first);
        }
      }
      throw new IllegalStateException(
          "no transaction started right where the message ended in 20 attempts");
    } finally {
      st.execute("SELECT pg_drop_replication_slot('observer')");
    }
  }

  private static long queryLong(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Ids of the inserts Debezium streams, resumed from {@code offset}, once {@code last} came. */
  private static Set<Integer> idsCapturedResumingFrom(
      Map<String, Object> offset, String run, int last) throws Exception {
    Properties properties = DebeziumProperties.of(config);
    properties.setProperty("name", "resume-" + run);
    properties.setProperty(
        FlinkStateOffsetStore.PRELOAD_PARTITION,
        JSON.writeValueAsString(Map.of("server", config.name())));
    properties.setProperty(FlinkStateOffsetStore.PRELOAD_OFFSET, JSON.writeValueAsString(offset));
    Set<Integer> ids = ConcurrentHashMap.newKeySet();
    DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine =
        DebeziumEngine.create(Connect.class)
            .using(properties)
            .notifying(
                (List<ChangeEvent<SourceRecord, SourceRecord>> records,
                    DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>>
                        committer) -> {
                  // Nothing is marked processed: the slot stays where it is for the next run.
                  for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
                    if (record.value().value() instanceof Struct change
                        && change.schema().field("after") != null
                        && change.getStruct("after") != null) {
                      ids.add(change.getStruct("after").getInt32("id"));
                    }
                  }
                })
            .build();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      thread.execute(engine);
      await().atMost(Duration.ofMinutes(1)).until(() -> ids.contains(last));
      return Set.copyOf(ids);
    } finally {
      engine.close();
      thread.shutdownNow();
      thread.awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
