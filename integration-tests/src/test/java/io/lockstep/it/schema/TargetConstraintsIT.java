package io.lockstep.it.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.compare.RowByRowComparator;
import io.lockstep.runner.compare.RowByRowComparator.Side;
import io.lockstep.runner.compare.TableComparison;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A target with constraints the apply job must live with. Foreign keys enforced on the target: a
 * child row that arrives before its parent, and a parent deleted before its child, are applied (the
 * apply's sessions are replicas, {@code apply.replica-session}); the key is still enforced for
 * everyone else. A source table keyed by {@code source.key-columns} (a unique constraint, no
 * primary key) is written to a target that has the same unique constraint and no primary key. The
 * source here has no foreign key, so the order of the changes is the test's, not a race's.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class TargetConstraintsIT {

  /** The stack of the route a subclass tests. */
  abstract EmbeddedStack stack();

  /** What the source engine needs so that a table without primary key logs whole old rows. */
  abstract List<String> keylessTableSetup();

  private static final String PARENTS =
      "CREATE TABLE shop.parents (id bigint PRIMARY KEY, name varchar(20))";
  private static final String CHILDREN =
      "CREATE TABLE shop.children (id bigint PRIMARY KEY, parent_id bigint NOT NULL";
  private static final String EVENTS =
      "CREATE TABLE shop.events (k1 int NOT NULL, k2 varchar(10) NOT NULL, note varchar(20),"
          + " CONSTRAINT events_k UNIQUE (k1, k2))";

  @Test
  void outOfOrderChildrenAndParentsAndAUniqueKeyedTarget() throws Exception {
    EmbeddedStack stack = stack();
    Tables.execute(stack.source(), "CREATE SCHEMA shop", PARENTS, CHILDREN + ")", EVENTS);
    Tables.execute(stack.source(), keylessTableSetup().toArray(String[]::new));
    Tables.execute(
        stack.source(),
        "INSERT INTO shop.parents VALUES (1, 'one')",
        "INSERT INTO shop.children VALUES (10, 1)",
        "INSERT INTO shop.events VALUES (1, 'a', 'x'), (1, 'b', 'y')");
    Tables.execute(
        stack.target(),
        "CREATE SCHEMA shop",
        PARENTS,
        CHILDREN
            + ", CONSTRAINT children_parent FOREIGN KEY (parent_id)"
            + " REFERENCES shop.parents (id))",
        EVENTS);
    PipelineConfig config =
        QuickstartConfig.of(stack, "constraints", "")
            .with(PipelineOptions.SOURCE_KEY_COLUMNS, List.of("shop.events:k1,k2"));
    new LocalPipeline(stack.flink(), config).start();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> Tables.count(stack.target(), "SELECT count(*) FROM shop.children") == 1);

    // A child whose parent comes later.
    Tables.execute(stack.source(), "INSERT INTO shop.children VALUES (11, 2)");
    awaitCount(stack, "SELECT count(*) FROM shop.children WHERE id = 11", 1);
    // A parent deleted before its child.
    Tables.execute(stack.source(), "DELETE FROM shop.parents WHERE id = 1");
    awaitCount(stack, "SELECT count(*) FROM shop.parents WHERE id = 1", 0);
    Tables.execute(
        stack.source(),
        "INSERT INTO shop.parents VALUES (2, 'two')",
        "DELETE FROM shop.children WHERE id = 10",
        "UPDATE shop.events SET note = 'x2' WHERE k1 = 1 AND k2 = 'a'",
        "DELETE FROM shop.events WHERE k1 = 1 AND k2 = 'b'",
        "INSERT INTO shop.events VALUES (2, 'a', 'z')");

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(
                      Tables.compare(
                          stack.source(), stack.target(), "shop", List.of("parents", "children")))
                  .allSatisfy(c -> assertThat(c.matches()).as(c.toString()).isTrue());
              try (Connection source = stack.source().connect();
                  Connection target = stack.target().connect()) {
                TableComparison events =
                    RowByRowComparator.compare(
                        new Side(source, stack.source().engine(), "shop", "events"),
                        new Side(target, stack.target().engine(), "shop", "events"),
                        List.of("k1", "k2"),
                        Set.of());
                assertThat(events.matches()).as(events.toString()).isTrue();
              }
            });
    assertThat(Tables.count(stack.target(), "SELECT count(*) FROM shop.events")).isEqualTo(2);
    // Everyone else's sessions still enforce the key.
    assertThatThrownBy(
            () -> Tables.execute(stack.target(), "INSERT INTO shop.children VALUES (12, 99)"))
        .isInstanceOf(SQLException.class);
  }

  private static void awaitCount(EmbeddedStack stack, String sql, long expected) {
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> Tables.count(stack.target(), sql) == expected);
  }
}
