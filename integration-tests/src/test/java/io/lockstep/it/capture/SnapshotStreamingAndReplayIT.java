package io.lockstep.it.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.ChangeTopicOffsets;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineMetrics;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL to PostgreSQL through Kafka on a MiniCluster: rows of every common type are
 * snapshotted, then inserted, updated and deleted while streaming, and the target ends equal to the
 * source; then the whole topic is replayed and the target is unchanged.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SnapshotStreamingAndReplayIT {

  private static final String SCHEMA = "types";
  private static final String TABLE = "types.all_types";

  private static final String DDL =
      """
      CREATE SCHEMA types;
      CREATE TABLE types.all_types (
        id              integer PRIMARY KEY,
        c_bool          boolean,
        c_int2          smallint,
        c_int4          integer,
        c_int8          bigint,
        c_float4        real,
        c_float8        double precision,
        c_numeric       numeric(38,10),
        c_numeric_free  numeric,
        c_text          text,
        c_varchar       varchar(50),
        c_char          char(5),
        c_bytea         bytea,
        c_json          json,
        c_jsonb         jsonb,
        c_uuid          uuid,
        c_date          date,
        c_time          time(6),
        c_timestamp     timestamp(6),
        c_timestamptz   timestamptz(6),
        c_interval      interval,
        c_int_array     integer[],
        c_text_array    text[]
      );
      """;

  /** Edge values of every type, one row each, plus an all-NULL row. */
  private static final String[] ROWS = {
    "(1, true, -32768, -2147483648, -9223372036854775808, 3.4028235e38, 1.7976931348623157e308,"
        + " 9999999999999999999999999999.9999999999, 1.500, 'plain', 'varchar', 'ab',"
        + " '\\x00ff10', '{\"b\": 1, \"a\": [1, 2.50]}', '{\"b\": 1, \"a\": {\"x\": null}}',"
        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '0001-01-01', '00:00:00', '1970-01-01"
        + " 00:00:00.000001', '2024-03-31 01:59:59.999999+00', '1 year 2 mons 3 days"
        + " 04:05:06.789', '{1,NULL,-3}', '{\"a,b\",NULL,\"quote \\\" here\",\"\"}')",
    "(2, false, 32767, 2147483647, 9223372036854775807, 'NaN', '-Infinity',"
        + " -9999999999999999999999999999.9999999999, 'NaN', 'Zoë 美咲 🙂 trailing  ', '', '',"
        + " decode(repeat('00', 3), 'hex'), '[]', '{}', '00000000-0000-0000-0000-000000000000',"
        + " '9999-12-31', '23:59:59.999999', '2038-01-19 03:14:07.123456', '2024-10-27"
        + " 00:30:00.5+02', '-1 days +02:00:00', '{}', '{}')",
    "(3, NULL, NULL, NULL, NULL, '-0', '-0', 0.0000000001, 0, NULL, NULL, NULL, NULL, NULL, NULL,"
        + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
  };

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static EmbeddedStack stack;
  private static LocalPipeline pipeline;
  private static PipelineMetrics metrics;

  @BeforeAll
  static void startPipelineOnPreExistingRows() throws Exception {
    stack = STACK.stack();
    Tables.execute(stack.source(), DDL);
    Tables.execute(stack.target(), DDL);
    Tables.execute(stack.source(), "INSERT INTO " + TABLE + " VALUES " + String.join(", ", ROWS));
    Tables.execute(
        stack.source(),
        "INSERT INTO "
            + TABLE
            + " (id, c_bytea, c_text)"
            + " SELECT 4, string_agg(set_byte('\\x00'::bytea, 0, b), ''::bytea ORDER BY b),"
            + " repeat('long TOASTed text ', 20000) FROM generate_series(0, 255) b");
    PipelineConfig config =
        QuickstartConfig.of(stack, "types", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("types\\..*"));
    pipeline = new LocalPipeline(stack.flink(), config).start();
    metrics = new PipelineMetrics(stack.flink().restAddress());
  }

  /**
   * One pipeline's life, in the order it happens: the snapshot, streamed changes, then a replay of
   * every change topic from the beginning. Each step builds on the target the previous one left.
   */
  @Test
  void snapshotThenStreamingThenAReplayThatLeavesTheTargetUnchanged() throws Exception {
    snapshotCopiesPreExistingRowsOfEveryType();
    insertsUpdatesAndDeletesOfEveryTypeReachTheTarget();
    replayedTopicLeavesTargetUnchanged();
  }

  private void snapshotCopiesPreExistingRowsOfEveryType() throws Exception {
    awaitTargetEqualsSource();
    assertThat(Tables.snapshot(stack.target(), TABLE)).hasSize(4);
  }

  private void insertsUpdatesAndDeletesOfEveryTypeReachTheTarget() throws Exception {
    Tables.execute(
        stack.source(),
        "INSERT INTO "
            + TABLE
            + " SELECT id + 10, c_bool, c_int2, c_int4, c_int8, c_float4,"
            + " c_float8, c_numeric, c_numeric_free, c_text, c_varchar, c_char, c_bytea, c_json,"
            + " c_jsonb, c_uuid, c_date, c_time, c_timestamp, c_timestamptz, c_interval,"
            + " c_int_array, c_text_array FROM "
            + TABLE
            + " WHERE id <= 4",
        "UPDATE "
            + TABLE
            + " SET c_bool = NOT c_bool, c_numeric = c_numeric / 3,"
            + " c_text = c_text || ' ✓', c_jsonb = jsonb_set(c_jsonb, '{new}', '\"v\"'),"
            + " c_timestamptz = c_timestamptz + interval '1 microsecond',"
            + " c_text_array = array_append(c_text_array, 'x') WHERE id IN (1, 2, 11)",
        // Changes an ordinary column only: the TOASTed text is not in the event.
        "UPDATE " + TABLE + " SET c_int4 = 42 WHERE id IN (4, 14)",
        "DELETE FROM " + TABLE + " WHERE id IN (3, 12)",
        "UPDATE " + TABLE + " SET c_float8 = 'Infinity', c_interval = NULL WHERE id = 13");

    awaitTargetEqualsSource();
    assertThat(Tables.count(stack.target(), "SELECT count(*) FROM " + TABLE)).isEqualTo(6);
    assertThat(
            Tables.count(
                stack.target(),
                "SELECT count(*) FROM "
                    + TABLE
                    + " WHERE _lockstep_origin = 'R'"
                    + " AND _lockstep_position LIKE 'pg:%' AND _lockstep_commit_ts IS NOT NULL"))
        .isEqualTo(6);
  }

  private void replayedTopicLeavesTargetUnchanged() throws Exception {
    Map<String, List<String>> before = Tables.snapshot(stack.target(), TABLE);
    long recordsInTopics =
        ChangeTopicOffsets.changeRecords(
            stack.kafka().bootstrapServers(), pipeline.config().topicPrefix());
    assertThat(recordsInTopics).isGreaterThanOrEqualTo(12);

    // A second apply job in a new consumer group reads every topic from the beginning.
    LocalPipeline replay =
        new LocalPipeline(
            stack.flink(),
            pipeline.config().with(PipelineOptions.APPLY_CONSUMER_GROUP, "replay-from-start"));
    JobID replayJob = replay.startApply();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> metrics.metric(replayJob, "lockstepEventsApplied", "sum") >= recordsInTopics);
    stack.flink().cancel(replayJob);

    assertThat(Tables.snapshot(stack.target(), TABLE)).isEqualTo(before);
  }

  private static void awaitTargetEqualsSource() {
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), SCHEMA, List.of("all_types"), Duration.ofMinutes(3));
  }
}
