package io.lockstep.it.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.config.PipelineOptions;
import io.lockstep.engine.ColumnDefaults;
import io.lockstep.event.TableSchema;
import io.lockstep.runner.embedded.EmbeddedMariaDbServer;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import io.lockstep.runner.schema.SchemaBootstrap;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
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
      st.execute(
          "CREATE TABLE crm.tickets (id bigserial PRIMARY KEY, status varchar(10) DEFAULT 'new',"
              + " score int NOT NULL DEFAULT -1, urgent boolean DEFAULT true,"
              + " opened timestamptz DEFAULT now(), code text DEFAULT md5('x'))");
    }
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE shop");
      st.execute(
          "CREATE TABLE shop.items (id int AUTO_INCREMENT PRIMARY KEY, qty int DEFAULT 0,"
              + " label varchar(20) NOT NULL DEFAULT 'it''s', made datetime(3) DEFAULT"
              + " current_timestamp(3), ref char(36) DEFAULT uuid())");
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

  /** MariaDB to PostgreSQL: the servers the other way round. */
  private static PipelineConfig reversed() {
    return new PipelineConfigLoader(Map.of("P", "")::get)
        .parse(
            """
            pipeline:
              name: schema_back
            source:
              type: mariadb
              host: localhost
              port: %d
              database: shop
              user: root
              password-env: P
              tables: ["shop\\\\.items"]
            target:
              type: postgres
              host: localhost
              port: %d
              database: postgres
              user: postgres
              password-env: P
            kafka:
              bootstrap-servers: localhost:9092
            """
                .formatted(target.port(), source.port()),
            "(test)");
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
              exclude-tables: ["crm\\\\.scratch", "crm\\\\.tickets"]
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

  @Test
  void defaultsThatTranslateAreKeptAndTheOthersNamed() throws Exception {
    PipelineConfig config =
        config("", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("crm.tickets"))
            .with(PipelineOptions.SOURCE_EXCLUDE_TABLES, List.of());
    List<SchemaBootstrap.TableDdl> plan = SchemaBootstrap.plan(config);
    assertThat(plan).hasSize(1);
    assertThat(plan.get(0).notTranslated())
        .singleElement(InstanceOfAssertFactories.STRING)
        .contains("md5('x'::text)", "column code", "by hand");
    SchemaBootstrap.apply(config, plan);
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      Map<String, ColumnDefaults.SourceDefault> defaults =
          CatalogReader.defaults(c, Engine.MARIADB, "crm", "tickets");
      assertThat(defaults.get("id").generated()).isTrue();
      assertThat(defaults.get("status").expression()).isEqualTo("'new'");
      assertThat(defaults.get("score").expression()).isEqualTo("-1");
      assertThat(defaults.get("urgent").expression()).isEqualTo("1");
      assertThat(defaults.get("opened").expression()).startsWith("current_timestamp(");
      // The application's insert after the cutover gets its key and defaults from the target.
      st.execute("INSERT INTO crm.tickets (code) VALUES ('a')");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT id, status, score, urgent, opened IS NOT NULL FROM crm.tickets")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isPositive();
        assertThat(rs.getString(2)).isEqualTo("new");
        assertThat(rs.getInt(3)).isEqualTo(-1);
        assertThat(rs.getBoolean(4)).isTrue();
        assertThat(rs.getBoolean(5)).isTrue();
      }
    }
  }

  @Test
  void mariaDbDefaultsOnPostgres() throws Exception {
    PipelineConfig config = reversed();
    List<SchemaBootstrap.TableDdl> plan = SchemaBootstrap.plan(config);
    assertThat(plan.get(0).notTranslated())
        .singleElement(InstanceOfAssertFactories.STRING)
        .contains("uuid()", "column ref");
    SchemaBootstrap.apply(config, plan);
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO shop.items (ref) VALUES ('r')");
      try (ResultSet rs = st.executeQuery("SELECT id, qty, label, made FROM shop.items")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isPositive();
        assertThat(rs.getInt(2)).isZero();
        assertThat(rs.getString(3)).isEqualTo("it's");
        assertThat(rs.getTimestamp(4)).isNotNull();
      }
    }
  }
}
