package io.lockstep.it.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.preflight.Preflight;
import io.lockstep.preflight.PreflightException;
import io.lockstep.recovery.reconcile.ReconcileRequest;
import io.lockstep.recovery.reconcile.Reconciler;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import io.lockstep.types.Engine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Partitioned PostgreSQL tables are captured and written as their root (issue 17): the snapshot
 * reads the root once, every streamed change of a partition (one attached or created while the
 * pipeline runs, a row inserted straight into a partition, a row whose partition key moves it to
 * another partition) reaches the target as a change of the root, and no partition becomes a table,
 * a topic or a target table of its own. The target {@code shop.orders} is partitioned too, another
 * way than the source; {@code shop.events}, hash-partitioned on the source, is a plain table on the
 * target. A detached partition's rows stay on the target (PostgreSQL logs nothing for DETACH), and
 * a reconciliation reports them. The preflight says how it captures each partitioned table and
 * refuses, with the fix, a publication without publish_via_partition_root and a partition selected
 * without its root.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PostgresPartitionedTablesIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.POSTGRES, Engine.POSTGRES);

  private static final List<String> TABLES = List.of("orders", "events");

  @Test
  void partitionsAreCapturedAndWrittenAsTheirRoot() throws Exception {
    EmbeddedStack stack = STACK.stack();
    Tables.execute(
        stack.source(),
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders (id bigint, placed date, amount numeric(10,2), note text,"
            + " PRIMARY KEY (id, placed)) PARTITION BY RANGE (placed)",
        "CREATE TABLE shop.orders_2023 PARTITION OF shop.orders"
            + " FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
        "CREATE TABLE shop.orders_2024 PARTITION OF shop.orders"
            + " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
        "INSERT INTO shop.orders SELECT g, date '2023-01-01' + g * 2, g * 1.5, 'n' || g"
            + " FROM generate_series(1, 300) g",
        "CREATE TABLE shop.events (id bigint PRIMARY KEY, kind text) PARTITION BY HASH (id)",
        "CREATE TABLE shop.events_p0 PARTITION OF shop.events"
            + " FOR VALUES WITH (MODULUS 3, REMAINDER 0)",
        "CREATE TABLE shop.events_p1 PARTITION OF shop.events"
            + " FOR VALUES WITH (MODULUS 3, REMAINDER 1)",
        "CREATE TABLE shop.events_p2 PARTITION OF shop.events"
            + " FOR VALUES WITH (MODULUS 3, REMAINDER 2)",
        "INSERT INTO shop.events SELECT g, 'k' || g FROM generate_series(1, 50) g");
    // The target's orders are partitioned too, along other bounds; its events are not.
    Tables.execute(
        stack.target(),
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders (id bigint, placed date, amount numeric(10,2), note text,"
            + " PRIMARY KEY (id, placed)) PARTITION BY RANGE (placed)",
        "CREATE TABLE shop.orders_old PARTITION OF shop.orders"
            + " FOR VALUES FROM (MINVALUE) TO ('2024-01-01')",
        "CREATE TABLE shop.orders_new PARTITION OF shop.orders"
            + " FOR VALUES FROM ('2024-01-01') TO (MAXVALUE)",
        "CREATE TABLE shop.events (id bigint PRIMARY KEY, kind text)");
    PipelineConfig config = QuickstartConfig.of(stack, "parts", "");

    // A publication made without publish_via_partition_root would publish the partitions' own
    // changes, which the capture leaves out: refused, with the fix, which then makes it pass.
    Tables.execute(
        stack.source(),
        "CREATE PUBLICATION " + config.publicationName() + " FOR TABLE shop.orders");
    assertThatThrownBy(() -> Preflight.check(config))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("exists without publish_via_partition_root")
        .hasMessageContaining(
            "ALTER PUBLICATION "
                + config.publicationName()
                + " SET (publish_via_partition_root = true);");
    Tables.execute(
        stack.source(),
        "ALTER PUBLICATION "
            + config.publicationName()
            + " SET (publish_via_partition_root = true)");
    // A partition without its root cannot be captured.
    assertThatThrownBy(
            () ->
                Preflight.check(
                    config.with(PipelineOptions.SOURCE_TABLES, List.of("shop\\.orders_2023"))))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("shop.orders_2023 is a partition of shop.orders")
        .hasMessageContaining("Add shop.orders to source.tables");
    assertThat(Preflight.check(config))
        .anySatisfy(
            note ->
                assertThat(note)
                    .endsWith(
                        "shop.events is partitioned (3 partitions): captured through its root"
                            + " with publish_via_partition_root; its partitions, and any attached"
                            + " later, are not tables of their own."))
        .anySatisfy(note -> assertThat(note).contains("shop.orders is partitioned (2 partitions)"))
        .hasSize(2);

    new LocalPipeline(stack.flink(), config).start();
    // The snapshot reads each root once, not its partitions again.
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "shop", TABLES, Duration.ofMinutes(1));

    Tables.execute(
        stack.source(),
        // Inserts, updates and deletes in either partition.
        "INSERT INTO shop.orders SELECT g, date '2023-06-01' + g, g, 'new' FROM generate_series("
            + "301, 320) g",
        "UPDATE shop.orders SET amount = amount + 100, note = 'updated' WHERE id <= 10",
        "DELETE FROM shop.orders WHERE id BETWEEN 11 AND 15",
        // Rows whose partition key moves them between partitions, there and back.
        "UPDATE shop.orders SET placed = date '2024-06-01' WHERE id IN (20, 21, 22)",
        "UPDATE shop.orders SET placed = date '2023-02-02' WHERE id = 22",
        // A partition created while running, and a row moving into it.
        "CREATE TABLE shop.orders_2025 PARTITION OF shop.orders"
            + " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
        "INSERT INTO shop.orders SELECT g, date '2025-03-01' + (g - 400), g, '2025' FROM generate_series("
            + "400, 409) g",
        "UPDATE shop.orders SET placed = date '2025-12-31' WHERE id = 250",
        // A table attached as a partition while running, written through the root and straight
        // into the partition: both are published as the root's.
        "CREATE TABLE shop.orders_2026 (LIKE shop.orders INCLUDING ALL)",
        "ALTER TABLE shop.orders ATTACH PARTITION shop.orders_2026"
            + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
        "INSERT INTO shop.orders VALUES (500, '2026-01-05', 5, 'via root')",
        "INSERT INTO shop.orders_2026 VALUES (501, '2026-02-05', 6, 'into the partition')",
        "UPDATE shop.orders_2026 SET note = 'updated in the partition' WHERE id = 500",
        // Hash partitions: a key change moves the row to another partition.
        "INSERT INTO shop.events SELECT g, 'late' FROM generate_series(51, 60) g",
        "UPDATE shop.events SET id = id + 1000 WHERE id IN (1, 2, 3)",
        "UPDATE shop.events SET kind = 'changed' WHERE id BETWEEN 4 AND 8",
        "DELETE FROM shop.events WHERE id BETWEEN 9 AND 12");
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "shop", TABLES, Duration.ofMinutes(1));
    assertThat(Tables.count(stack.target(), "SELECT count(*) FROM shop.orders"))
        .isEqualTo(300 + 20 - 5 + 10 + 2);

    // No partition became a table of the pipeline: no topic, no target table named like one.
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
      Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(topics).anyMatch(t -> t.contains("orders")).anyMatch(t -> t.contains("events"));
      assertThat(topics).noneMatch(t -> t.matches(".*(orders_20|events_p).*"));
    }

    // DETACH logs nothing: the detached rows stay on the target, a reconciliation reports them
    // as rows only the target has, and the user removes them there.
    long detached = Tables.count(stack.source(), "SELECT count(*) FROM shop.orders_2023");
    long before = Tables.count(stack.source(), "SELECT count(*) FROM shop.orders");
    Tables.execute(
        stack.source(),
        "ALTER TABLE shop.orders DETACH PARTITION shop.orders_2023",
        "INSERT INTO shop.orders_2023 VALUES (600, '2023-05-05', 1, 'detached, not captured')",
        "INSERT INTO shop.orders VALUES (601, '2024-05-05', 1, 'after the detach')");
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> Tables.count(stack.target(), "SELECT count(*) FROM shop.orders") == before + 1);
    assertThat(
            Tables.count(
                stack.target(), "SELECT count(*) FROM shop.orders WHERE placed < '2024-01-01'"))
        .isEqualTo(detached);
    try (Reconciler reconciler = Reconciler.open(config)) {
      assertThat(
              reconciler.run(ReconcileRequest.table("shop.orders"), null, null, null).differences())
          .hasSize((int) detached);
    }
    Tables.execute(stack.target(), "DELETE FROM shop.orders WHERE placed < '2024-01-01'");
    Tables.execute(stack.source(), "UPDATE shop.orders SET note = 'last' WHERE id = 601");
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "shop", TABLES, Duration.ofMinutes(1));
  }
}
