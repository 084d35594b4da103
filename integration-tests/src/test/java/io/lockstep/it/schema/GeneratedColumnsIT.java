package io.lockstep.it.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.compare.RowByRowComparator;
import io.lockstep.runner.compare.RowByRowComparator.Side;
import io.lockstep.runner.compare.TableComparison;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A column the target generates ({@code GENERATED ALWAYS AS (...) STORED}) is never written: the
 * target computes it. Before, every row of such a table was refused by the target (SQLSTATE 428C9)
 * and dead-lettered. Snapshot rows carry the column's source value, streamed changes do not
 * (pgoutput leaves generated columns out); either way the target's own value is the one kept, and
 * the tables compare equal, the generated column included. On MariaDB/MySQL the binlog carries the
 * stored value of the column in every image, which is left out the same way.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class GeneratedColumnsIT {

  /** The stack of the route a subclass tests. */
  abstract EmbeddedStack stack();

  /** The same DDL means the same on PostgreSQL and MariaDB/MySQL. */
  private static final String TABLE =
      "CREATE TABLE shop.lines (id bigint PRIMARY KEY, qty int NOT NULL, price numeric(10,2) NOT"
          + " NULL, total numeric(12,2) GENERATED ALWAYS AS (qty * price) STORED)";

  @Test
  void theTargetComputesItsGeneratedColumnsInSnapshotAndStream() throws Exception {
    EmbeddedStack stack = stack();
    try (Connection source = stack.source().connect();
        Statement st = source.createStatement()) {
      st.execute("CREATE SCHEMA shop");
      st.execute(TABLE);
      st.execute("INSERT INTO shop.lines (id, qty, price) VALUES (1, 2, 1.50), (2, 1, 9.99)");
    }
    try (Connection target = stack.target().connect();
        Statement st = target.createStatement()) {
      st.execute("CREATE SCHEMA shop");
      st.execute(TABLE);
    }
    PipelineConfig config = QuickstartConfig.of(stack, "generated", "");
    new LocalPipeline(stack.flink(), config).start();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> Tables.count(stack.target(), "SELECT count(*) FROM shop.lines") == 2);
    try (Connection source = stack.source().connect();
        Statement st = source.createStatement()) {
      st.execute("INSERT INTO shop.lines (id, qty, price) VALUES (3, 4, 0.25)");
      st.execute("UPDATE shop.lines SET qty = 3 WHERE id = 1");
      st.execute("DELETE FROM shop.lines WHERE id = 2");
    }

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              try (Connection source = stack.source().connect();
                  Connection target = stack.target().connect()) {
                TableComparison lines =
                    RowByRowComparator.compare(
                        new Side(source, stack.source().engine(), "shop", "lines"),
                        new Side(target, stack.target().engine(), "shop", "lines"),
                        List.of("id"),
                        Set.of());
                assertThat(lines.matches()).as(lines.toString()).isTrue();
                assertThat(
                        Tables.count(
                            stack.target(),
                            "SELECT count(*) FROM shop.lines WHERE id = 1 AND total = 4.50"))
                    .isEqualTo(1);
              }
            });
  }
}
