package io.lockstep.it.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.failure.FailedRow;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.FailedRowsTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DDL in any order (design decision 6): columns added, dropped, widened and renamed on either side
 * first, while the pipeline runs. Each case keeps the stream going, and values the target could not
 * take yet are recorded for backfill, never silently dropped. Each test has a table of its own.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SchemaChangeIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static EmbeddedStack stack;
  private static PipelineConfig config;

  @BeforeAll
  static void start() throws Exception {
    stack = STACK.stack();
    for (String table :
        List.of("add_source", "add_target", "drop_target", "drop_source", "widen", "rename")) {
      String ddl =
          "CREATE TABLE IF NOT EXISTS ddl."
              + table
              + " (id integer PRIMARY KEY, a text,"
              + " n integer)";
      Tables.execute(stack.source(), "CREATE SCHEMA IF NOT EXISTS ddl", ddl);
      Tables.execute(stack.target(), "CREATE SCHEMA IF NOT EXISTS ddl", ddl);
      Tables.execute(stack.source(), "INSERT INTO ddl." + table + " VALUES (1, 'one', 1)");
    }
    config =
        QuickstartConfig.of(stack, "ddl", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("ddl\\..*"));
    new LocalPipeline(stack.flink(), config).start();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> rows("drop_source") == 1 && rows("rename") == 1);
  }

  @Test
  void columnAddedOnSourceFirstIsRecordedThenWrittenOnceTheTargetHasIt() throws Exception {
    Tables.execute(
        stack.source(),
        "ALTER TABLE ddl.add_source ADD COLUMN b text",
        "INSERT INTO ddl.add_source VALUES (2, 'two', 2, 'b2'), (3, 'three', 3, 'b3')");
    await().atMost(Duration.ofMinutes(1)).until(() -> rows("add_source") == 3);
    assertThat(pendingBackfill("add_source", "b")).isEqualTo(2);

    Tables.execute(stack.target(), "ALTER TABLE ddl.add_source ADD COLUMN b text");
    Tables.execute(stack.source(), "INSERT INTO ddl.add_source VALUES (4, 'four', 4, 'b4')");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                Tables.count(stack.target(), "SELECT count(*) FROM ddl.add_source WHERE b = 'b4'")
                    == 1);
  }

  @Test
  void columnAddedOnTargetFirstIsWrittenOnceTheSourceHasIt() throws Exception {
    Tables.execute(stack.target(), "ALTER TABLE ddl.add_target ADD COLUMN c integer");
    Tables.execute(stack.source(), "INSERT INTO ddl.add_target VALUES (2, 'two', 2)");
    await().atMost(Duration.ofMinutes(1)).until(() -> rows("add_target") == 2);

    Tables.execute(
        stack.source(),
        "ALTER TABLE ddl.add_target ADD COLUMN c integer",
        "INSERT INTO ddl.add_target VALUES (3, 'three', 3, 33)");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                Tables.count(stack.target(), "SELECT coalesce(sum(c), 0) FROM ddl.add_target")
                    == 33);
    assertThat(pendingBackfill("add_target", "c")).isZero();
  }

  @Test
  void columnDroppedOnTargetIsNoticedAndTheRestWritten() throws Exception {
    Tables.execute(stack.target(), "ALTER TABLE ddl.drop_target DROP COLUMN a");
    Tables.execute(
        stack.source(),
        "INSERT INTO ddl.drop_target VALUES (2, 'two', 2)",
        "UPDATE ddl.drop_target SET n = 10 WHERE id = 1");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                Tables.count(stack.target(), "SELECT coalesce(sum(n), 0) FROM ddl.drop_target")
                    == 12);
    assertThat(pendingBackfill("drop_target", "a")).isGreaterThanOrEqualTo(2);
    assertThat(rejected("drop_target")).isZero();
  }

  @Test
  void columnDroppedOnSourceLeavesTheTargetColumnAlone() throws Exception {
    Tables.execute(
        stack.source(),
        "ALTER TABLE ddl.drop_source DROP COLUMN a",
        "INSERT INTO ddl.drop_source VALUES (2, 2)",
        "UPDATE ddl.drop_source SET n = 5 WHERE id = 1");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                Tables.count(stack.target(), "SELECT coalesce(sum(n), 0) FROM ddl.drop_source")
                    == 7);
    assertThat(
            Tables.count(
                stack.target(), "SELECT count(*) FROM ddl.drop_source WHERE id = 1 AND a = 'one'"))
        .as("the target keeps what it had in the column the source dropped")
        .isEqualTo(1);
  }

  @Test
  void widenedTypeOnTargetThenSourceCarriesLargerValues() throws Exception {
    Tables.execute(stack.target(), "ALTER TABLE ddl.widen ALTER COLUMN n TYPE bigint");
    Tables.execute(
        stack.source(),
        "ALTER TABLE ddl.widen ALTER COLUMN n TYPE bigint",
        "INSERT INTO ddl.widen VALUES (2, 'two', 9000000000)");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                Tables.count(stack.target(), "SELECT coalesce(max(n), 0) FROM ddl.widen")
                    == 9_000_000_000L);
  }

  @Test
  void renamedSourceColumnIsSeenAsDropAndAdd() throws Exception {
    Tables.execute(
        stack.source(),
        "ALTER TABLE ddl.rename RENAME COLUMN a TO title",
        "INSERT INTO ddl.rename VALUES (2, 'two', 2)");
    await().atMost(Duration.ofMinutes(1)).until(() -> rows("rename") == 2);
    assertThat(pendingBackfill("rename", "title")).isEqualTo(1);

    Tables.execute(stack.target(), "ALTER TABLE ddl.rename RENAME COLUMN a TO title");
    Tables.execute(stack.source(), "INSERT INTO ddl.rename VALUES (3, 'three', 3)");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                Tables.count(
                        stack.target(), "SELECT count(*) FROM ddl.rename WHERE title = 'three'")
                    == 1);
  }

  private static long rows(String table) throws Exception {
    return Tables.count(stack.target(), "SELECT count(*) FROM ddl." + table);
  }

  private static long pendingBackfill(String table, String column) throws Exception {
    return Tables.count(
        stack.target(),
        "SELECT coalesce(sum(row_changes), 0) FROM public.lockstep_pending_backfill"
            + " WHERE pipeline = 'ddl' AND table_schema = 'ddl' AND table_name = '"
            + table
            + "' AND column_name = '"
            + column
            + "'");
  }

  private static long rejected(String table) {
    return FailedRowsTopic.readAll(
            stack.kafka().bootstrapServers(), PipelineTopics.failedRows(config.topicPrefix()))
        .stream()
        .filter(r -> r.kind() == FailedRow.Kind.REJECTED && r.table().endsWith("." + table))
        .count();
  }
}
