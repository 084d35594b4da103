package io.lockstep.it.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.compare.RowByRowComparator;
import io.lockstep.runner.compare.RowByRowComparator.Side;
import io.lockstep.runner.compare.TableComparison;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.schema.SchemaBootstrap;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Table selection end to end: an excluded table is not replicated, an excluded column is neither
 * captured nor written, a renamed table lands under its new name, and a table without a primary key
 * is replicated by its configured key columns, updates and deletes included, without duplicating a
 * row.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TableSelectionIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  @Test
  void replicatesTheSelectedTablesRenamedWithoutExcludedColumnsByConfiguredKeys() throws Exception {
    EmbeddedStack stack = STACK.stack();
    try (Connection source = stack.source().connect();
        Statement st = source.createStatement()) {
      st.execute("CREATE SCHEMA crm");
      st.execute(
          "CREATE TABLE crm.customers (id bigint PRIMARY KEY, name text NOT NULL, secret text)");
      st.execute("CREATE TABLE crm.audit (event_id bigint NOT NULL, note text)");
      // Without a primary key, deletes and updates need the whole old row to be found.
      st.execute("ALTER TABLE crm.audit REPLICA IDENTITY FULL");
      st.execute("CREATE TABLE crm.scratch (id int PRIMARY KEY)");
      st.execute("INSERT INTO crm.customers VALUES (1, 'Ada', 's1'), (2, 'Grace', 's2')");
      st.execute("INSERT INTO crm.audit VALUES (10, 'created'), (11, 'paid')");
      st.execute("INSERT INTO crm.scratch VALUES (1)");
    }
    PipelineConfig config =
        new PipelineConfigLoader(Map.of("P", "unused")::get)
            .parse(
                """
                pipeline:
                  name: selection
                source:
                  host: %s
                  port: %d
                  database: %s
                  user: postgres
                  password-env: P
                  tables: ["crm\\\\..*"]
                  exclude-tables: ["crm\\\\.scratch"]
                  exclude-columns: ["crm\\\\.customers\\\\.secret"]
                  key-columns: ["crm.audit:event_id"]
                  heartbeat-interval: 1s
                target:
                  host: %s
                  port: %d
                  database: %s
                  user: postgres
                  password-env: P
                  table-renames: ["crm.customers=sales.clients"]
                kafka:
                  bootstrap-servers: %s
                checkpoint:
                  interval: 2s
                """
                    .formatted(
                        stack.source().host(),
                        stack.source().port(),
                        stack.source().database(),
                        stack.target().host(),
                        stack.target().port(),
                        stack.target().database(),
                        stack.kafka().bootstrapServers()),
                "(test)");
    try (Connection source = stack.source().connect()) {
      SchemaBootstrap.apply(config, SchemaBootstrap.plan(config, source));
    }
    new LocalPipeline(stack.flink(), config).start();
    try (Connection source = stack.source().connect();
        Statement st = source.createStatement()) {
      st.execute("UPDATE crm.customers SET name = 'Ada L.', secret = 's1b' WHERE id = 1");
      st.execute("UPDATE crm.audit SET note = 'paid twice' WHERE event_id = 11");
      st.execute("DELETE FROM crm.audit WHERE event_id = 10");
      st.execute("INSERT INTO crm.audit VALUES (12, 'refunded')");
      st.execute("INSERT INTO crm.scratch VALUES (2)");
    }

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              try (Connection source = stack.source().connect();
                  Connection target = stack.target().connect()) {
                TableComparison audit =
                    RowByRowComparator.compare(
                        new Side(source, Engine.POSTGRES, "crm", "audit"),
                        new Side(target, Engine.POSTGRES, "crm", "audit"),
                        List.of("event_id"),
                        Set.of());
                // The excluded column is not on the target, so compare the others by hand.
                assertThat(Tables.count(stack.target(), "SELECT count(*) FROM sales.clients"))
                    .isEqualTo(2);
                assertThat(
                        Tables.count(
                            stack.target(),
                            "SELECT count(*) FROM sales.clients WHERE id = 1 AND name = 'Ada L.'"))
                    .isEqualTo(1);
                assertThat(audit.matches()).as(audit.toString()).isTrue();
              }
            });
    try (Connection target = stack.target().connect()) {
      assertThat(
              CatalogReader.describe(target, Engine.POSTGRES, "sales", "clients")
                  .orElseThrow()
                  .column("secret"))
          .isEmpty();
      assertThat(CatalogReader.describe(target, Engine.POSTGRES, "crm", "scratch")).isEmpty();
      assertThat(CatalogReader.describe(target, Engine.POSTGRES, "crm", "customers")).isEmpty();
    }
  }
}
