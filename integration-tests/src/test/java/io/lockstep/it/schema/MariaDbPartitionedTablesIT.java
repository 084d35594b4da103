package io.lockstep.it.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.preflight.Preflight;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import io.lockstep.types.Engine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Partitioned MariaDB tables (MariaDB stands in for MySQL 8, which cannot run here): a partitioned
 * table is one table in the catalog and in the binlog, so snapshot and stream carry it as itself, a
 * row whose partition key moves it to another partition included; partitions added, and swapped
 * with a table ({@code EXCHANGE PARTITION}: an empty one attached, one detached) while running
 * change nothing for the capture. The target {@code shop.orders} is partitioned by HASH, the source
 * by RANGE COLUMNS; {@code shop.events}, hash-partitioned on the source, is a plain table on the
 * target. A detached partition's rows stay on the target, as on PostgreSQL.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MariaDbPartitionedTablesIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.MARIADB, Engine.MARIADB);

  private static final List<String> TABLES = List.of("orders", "events");

  @Test
  void partitionedTablesAreCapturedAsOneTable() throws Exception {
    EmbeddedStack stack = STACK.stack();
    Tables.execute(
        stack.source(),
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders (id bigint, placed date, amount decimal(10,2), note text,"
            + " PRIMARY KEY (id, placed)) PARTITION BY RANGE COLUMNS (placed) ("
            + " PARTITION p2023 VALUES LESS THAN ('2024-01-01'),"
            + " PARTITION p2024 VALUES LESS THAN ('2025-01-01'))",
        "INSERT INTO shop.orders SELECT seq, '2023-01-01' + INTERVAL seq * 2 DAY, seq * 1.5,"
            + " CONCAT('n', seq) FROM seq_1_to_300",
        "CREATE TABLE shop.events (id bigint PRIMARY KEY, kind text)"
            + " PARTITION BY HASH (id) PARTITIONS 3",
        "INSERT INTO shop.events SELECT seq, CONCAT('k', seq) FROM seq_1_to_50");
    Tables.execute(
        stack.target(),
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders (id bigint, placed date, amount decimal(10,2), note text,"
            + " PRIMARY KEY (id, placed)) PARTITION BY HASH (id) PARTITIONS 4",
        "CREATE TABLE shop.events (id bigint PRIMARY KEY, kind text)");
    PipelineConfig config = QuickstartConfig.of(stack, "mparts", "");
    assertThat(Preflight.check(config))
        .anySatisfy(
            note ->
                assertThat(note)
                    .endsWith(
                        "shop.orders is partitioned (2 partitions): one table in the binlog,"
                            + " captured and written as itself."))
        .anySatisfy(note -> assertThat(note).contains("shop.events is partitioned (3 partitions)"));

    new LocalPipeline(stack.flink(), config).start();
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "shop", TABLES, Duration.ofMinutes(1));

    Tables.execute(
        stack.source(),
        "INSERT INTO shop.orders SELECT seq, '2023-06-01' + INTERVAL seq - 300 DAY, seq, 'new'"
            + " FROM seq_301_to_320",
        "UPDATE shop.orders SET amount = amount + 100, note = 'updated' WHERE id <= 10",
        "DELETE FROM shop.orders WHERE id BETWEEN 11 AND 15",
        // Rows whose partition key moves them between partitions, there and back.
        "UPDATE shop.orders SET placed = '2024-06-01' WHERE id IN (20, 21, 22)",
        "UPDATE shop.orders SET placed = '2023-02-02' WHERE id = 22",
        // A partition added while running, and a row moving into it.
        "ALTER TABLE shop.orders ADD PARTITION (PARTITION p2025 VALUES LESS THAN ('2026-01-01'))",
        "INSERT INTO shop.orders SELECT seq, '2025-03-01' + INTERVAL seq - 400 DAY, seq, '2025'"
            + " FROM seq_400_to_409",
        "UPDATE shop.orders SET placed = '2025-12-31' WHERE id = 250",
        // An empty table swapped in as a partition (EXCHANGE PARTITION: MariaDB's CONVERT TABLE
        // ... TO PARTITION stops Debezium 3.5's DDL parser, see docs/type-mapping.md), then
        // written.
        "ALTER TABLE shop.orders ADD PARTITION (PARTITION p2026 VALUES LESS THAN ('2027-01-01'))",
        "CREATE TABLE shop.orders_2026 (id bigint, placed date, amount decimal(10,2), note text,"
            + " PRIMARY KEY (id, placed))",
        "ALTER TABLE shop.orders EXCHANGE PARTITION p2026 WITH TABLE shop.orders_2026",
        "INSERT INTO shop.orders VALUES (500, '2026-01-05', 5, 'attached')",
        "INSERT INTO shop.events SELECT seq, 'late' FROM seq_51_to_60",
        "UPDATE shop.events SET id = id + 1000 WHERE id IN (1, 2, 3)",
        "UPDATE shop.events SET kind = 'changed' WHERE id BETWEEN 4 AND 8",
        "DELETE FROM shop.events WHERE id BETWEEN 9 AND 12");
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "shop", TABLES, Duration.ofMinutes(1));
    assertThat(Tables.count(stack.target(), "SELECT count(*) FROM shop.orders"))
        .isEqualTo(300 + 20 - 5 + 10 + 1);

    // A detached partition's rows leave the source table without a row event: they stay on the
    // target until the user removes them there.
    long detached =
        Tables.count(stack.source(), "SELECT count(*) FROM shop.orders PARTITION (p2023)");
    long before = Tables.count(stack.source(), "SELECT count(*) FROM shop.orders");
    Tables.execute(
        stack.source(),
        "CREATE TABLE shop.orders_2023 (id bigint, placed date, amount decimal(10,2), note text,"
            + " PRIMARY KEY (id, placed))",
        "ALTER TABLE shop.orders EXCHANGE PARTITION p2023 WITH TABLE shop.orders_2023",
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
    Tables.execute(stack.target(), "DELETE FROM shop.orders WHERE placed < '2024-01-01'");
    Tables.execute(stack.source(), "UPDATE shop.orders SET note = 'last' WHERE id = 601");
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "shop", TABLES, Duration.ofMinutes(1));
  }
}
