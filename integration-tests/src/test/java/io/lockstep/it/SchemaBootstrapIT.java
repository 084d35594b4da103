package io.lockstep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.event.TableSchema;
import io.lockstep.runner.embedded.EmbeddedMariaDbServer;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import io.lockstep.runner.schema.SchemaBootstrap;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code lockstep schema}: target tables from the source catalog, with table selection, renames,
 * excluded columns and configured key columns; a table without a key is refused with the fix.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SchemaBootstrapIT {

  private static EmbeddedPostgresServer source;
  private static EmbeddedMariaDbServer target;

  @BeforeAll
  static void start() throws Exception {
    source = EmbeddedPostgresServer.start("source");
    target = EmbeddedMariaDbServer.start("target");
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA crm");
      st.execute(
          "CREATE TABLE crm.customers (id bigint PRIMARY KEY, name varchar(80) NOT NULL,"
              + " secret text, balance numeric(12,2), since timestamptz)");
      st.execute("CREATE TABLE crm.audit (event_id bigint NOT NULL, at timestamp, note text)");
      st.execute("CREATE TABLE crm.scratch (id int PRIMARY KEY)");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (source != null) {
        source.close();
      }
    } finally {
      if (target != null) {
        target.close();
      }
    }
  }

  private static PipelineConfig config(String extraSource, String extraTarget) {
    return new PipelineConfigLoader(Map.of("P", "unused")::get)
        .parse(
            """
            pipeline:
              name: schema
            source:
              type: postgres
              host: localhost
              port: %d
              database: postgres
              user: postgres
              password-env: P
              tables: ["crm\\\\..*"]
              exclude-tables: ["crm\\\\.scratch"]
            %s
            target:
              type: mariadb
              host: localhost
              port: %d
              database: lockstep
              user: root
              password-env: P
            %s
            kafka:
              bootstrap-servers: localhost:9092
            """
                .formatted(source.port(), extraSource, target.port(), extraTarget),
            "(test)");
  }

  @Test
  void aTableWithoutPrimaryKeyIsRefusedNamingTheOptionThatFixesIt() {
    assertThatThrownBy(() -> SchemaBootstrap.plan(config("", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("crm.audit has no primary key")
        .hasMessageContaining("source.key-columns");
  }

  @Test
  void createsTheSelectedTablesRenamedWithoutExcludedColumnsKeyedByConfiguredColumns()
      throws Exception {
    PipelineConfig config =
        config(
            """
              exclude-columns: ["crm\\\\.customers\\\\.secret"]
              key-columns: ["crm.audit:event_id"]
            """,
            """
              table-renames: ["crm.customers=sales.clients"]
            """);
    List<SchemaBootstrap.TableDdl> plan = SchemaBootstrap.plan(config);
    assertThat(plan)
        .extracting(t -> t.target().toString())
        .containsExactlyInAnyOrder("sales.clients", "crm.audit");
    SchemaBootstrap.apply(config, plan);

    try (Connection c = target.connect()) {
      TableSchema clients =
          CatalogReader.describe(c, Engine.MARIADB, "sales", "clients").orElseThrow();
      assertThat(clients.columns())
          .extracting(col -> col.name())
          .contains("id", "name", "balance", "since")
          .doesNotContain("secret");
      assertThat(clients.keyColumns()).containsExactly("id");
      assertThat(clients.column("name").orElseThrow().optional()).isFalse();
      assertThat(clients.column("balance").orElseThrow().scale()).isEqualTo(2);

      TableSchema audit = CatalogReader.describe(c, Engine.MARIADB, "crm", "audit").orElseThrow();
      assertThat(audit.keyColumns()).containsExactly("event_id");
      assertThat(CatalogReader.describe(c, Engine.MARIADB, "crm", "scratch")).isEmpty();
    }
    // Running it again keeps the tables (IF NOT EXISTS).
    SchemaBootstrap.apply(config, SchemaBootstrap.plan(config));
  }
}
