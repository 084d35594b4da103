package io.lockstep.it.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.config.PipelineOptions;
import io.lockstep.engine.ColumnDefaults;
import io.lockstep.engine.SchemaDdl;
import io.lockstep.engine.TableObjects;
import io.lockstep.engines.Engines;
import io.lockstep.event.TableSchema;
import io.lockstep.runner.embedded.EmbeddedMariaDbServer;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import io.lockstep.runner.schema.SchemaBootstrap;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;
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
 * excluded columns and configured key columns; a table without a key is refused with the fix. A
 * production-shaped schema (a sysbench table with its secondary index {@code k_1}, a unique
 * constraint, a check constraint, a parent/child foreign key, a generated column, comments) is
 * created in the migration's steps on either route, and what does not translate is named.
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

  /** A pipeline from one of the two servers to the other. */
  private static PipelineConfig route(boolean fromPostgres, String tables) {
    String postgres =
        "type: postgres\n  host: localhost\n  port: %d\n  database: postgres\n  user: postgres"
            .formatted(source.port());
    String mariadb =
        "type: mariadb\n  host: localhost\n  port: %d\n  database: mysql\n  user: root"
            .formatted(target.port());
    return new PipelineConfigLoader(Map.of("P", "")::get)
        .parse(
            """
            pipeline:
              name: shape
            source:
              %s
              password-env: P
              tables: ["%s"]
            target:
              %s
              password-env: P
            kafka:
              bootstrap-servers: localhost:9092
            """
                .formatted(
                    fromPostgres ? postgres : mariadb, tables, fromPostgres ? mariadb : postgres),
            "(test)");
  }

  @Test
  void aProductionShapedPostgresSchemaOnMariaDbInTheStepsOfAMigration() throws Exception {
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA sb");
      st.execute(
          "CREATE TABLE sb.customers (id bigint PRIMARY KEY, email varchar(80) NOT NULL,"
              + " CONSTRAINT customers_email_key UNIQUE (email))");
      st.execute("COMMENT ON TABLE sb.customers IS 'who buys'");
      st.execute(
          "CREATE TABLE sb.sbtest1 (id int PRIMARY KEY, k int NOT NULL DEFAULT 0,"
              + " c varchar(120) NOT NULL DEFAULT '', customer_id bigint"
              + " REFERENCES sb.customers (id) ON DELETE CASCADE, qty int NOT NULL,"
              + " price numeric(10,2) NOT NULL,"
              + " total numeric(12,2) GENERATED ALWAYS AS (qty * price) STORED,"
              + " CONSTRAINT sbtest1_k_check CHECK (k >= 0),"
              + " CONSTRAINT sbtest1_recent CHECK (c <> md5(''))) ");
      st.execute("CREATE INDEX k_1 ON sb.sbtest1 (k)");
      st.execute("CREATE INDEX sbtest1_c ON sb.sbtest1 (c)");
      st.execute("CREATE INDEX sbtest1_open ON sb.sbtest1 (k) WHERE qty > 0");
      st.execute("COMMENT ON COLUMN sb.sbtest1.c IS 'filler'");
    }
    PipelineConfig config = route(true, "sb\\\\..*");
    List<SchemaBootstrap.TableDdl> plan = SchemaBootstrap.plan(config);
    SchemaBootstrap.TableDdl sbtest =
        plan.stream().filter(t -> t.target().table().equals("sbtest1")).findFirst().orElseThrow();
    assertThat(String.join("\n", sbtest.notTranslated()))
        .contains("check constraint sbtest1_recent", "md5()")
        .contains("index sbtest1_open: partial index");

    // Before the initial load: tables only (--defer indexes,foreign-keys).
    SchemaBootstrap.apply(config, plan, EnumSet.of(SchemaBootstrap.Step.TABLES));
    SchemaDdl mariadb = Engines.of(Engine.MARIADB).schemaDdl();
    try (Connection c = target.connect()) {
      TableObjects created = mariadb.read(c, "sb", "sbtest1");
      assertThat(created.indexes()).isEmpty();
      assertThat(created.foreignKeys()).isEmpty();
      assertThat(created.checks())
          .extracting(TableObjects.Check::name)
          .containsExactly("sbtest1_k_check");
      assertThat(created.generated()).containsKey("total");
      assertThat(created.columnComments()).containsEntry("c", "filler");
      assertThat(mariadb.read(c, "sb", "customers").comment()).isEqualTo("who buys");
    }
    // After it (--post-load), while the apply job runs: a child row whose parent is not there.
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO sb.sbtest1 (id, k, c, customer_id, qty, price) VALUES (1, 5, 'x', 7, 2, 1.5)");
    }
    SchemaBootstrap.apply(
        config, plan, EnumSet.of(SchemaBootstrap.Step.INDEXES, SchemaBootstrap.Step.FOREIGN_KEYS));
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      TableObjects created = mariadb.read(c, "sb", "sbtest1");
      assertThat(created.indexes())
          .extracting(TableObjects.Index::name)
          .contains("sbtest1_k_1", "sbtest1_c");
      assertThat(created.foreignKeys())
          .singleElement()
          .satisfies(
              fk -> {
                assertThat(fk.refTable()).isEqualTo("customers");
                assertThat(fk.onDelete()).isEqualTo("CASCADE");
              });
      assertThat(mariadb.read(c, "sb", "customers").indexes())
          .singleElement()
          .satisfies(i -> assertThat(i.unique()).isTrue());
      try (ResultSet rs = st.executeQuery("SELECT total FROM sb.sbtest1 WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("3.00");
      }
    }
    // At cutover: the orphan is named, then, with its parent there, the keys validate.
    assertThatThrownBy(
            () ->
                SchemaBootstrap.apply(
                    config, plan, EnumSet.of(SchemaBootstrap.Step.VALIDATE_FOREIGN_KEYS)))
        .hasMessageContaining("sbtest1_customer_id_fkey")
        .hasMessageContaining("1 row(s) reference no row of sb.customers");
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO sb.customers (id, email) VALUES (7, 'a@b')");
    }
    SchemaBootstrap.apply(config, plan, EnumSet.of(SchemaBootstrap.Step.VALIDATE_FOREIGN_KEYS));
    // Running every step again keeps what exists.
    SchemaBootstrap.apply(
        config, SchemaBootstrap.plan(config), EnumSet.allOf(SchemaBootstrap.Step.class));
  }

  @Test
  void aProductionShapedMariaDbSchemaOnPostgres() throws Exception {
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE mshop");
      st.execute(
          "CREATE TABLE mshop.customers (id bigint PRIMARY KEY, email varchar(80) NOT NULL,"
              + " UNIQUE KEY email_key (email)) COMMENT 'who buys'");
      st.execute(
          "CREATE TABLE mshop.sbtest1 (id int PRIMARY KEY, k int NOT NULL DEFAULT 0,"
              + " c varchar(120) NOT NULL DEFAULT '' COMMENT 'filler', customer_id bigint,"
              + " qty int NOT NULL, price decimal(10,2) NOT NULL,"
              + " total decimal(12,2) AS (qty * price) VIRTUAL,"
              + " KEY k_1 (k), FULLTEXT KEY ft (c),"
              + " CONSTRAINT k_positive CHECK (k >= 0),"
              + " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES mshop.customers (id))");
    }
    PipelineConfig config = route(false, "mshop\\\\..*");
    List<SchemaBootstrap.TableDdl> plan = SchemaBootstrap.plan(config);
    SchemaBootstrap.TableDdl sbtest =
        plan.stream().filter(t -> t.target().table().equals("sbtest1")).findFirst().orElseThrow();
    assertThat(sbtest.notTranslated())
        .singleElement()
        .asString()
        .contains("index ft: its method fulltext");
    SchemaBootstrap.apply(config, plan, EnumSet.allOf(SchemaBootstrap.Step.class));
    SchemaDdl postgres = Engines.of(Engine.POSTGRES).schemaDdl();
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      TableObjects created = postgres.read(c, "mshop", "sbtest1");
      assertThat(created.indexes()).extracting(TableObjects.Index::name).contains("sbtest1_k_1");
      assertThat(created.checks())
          .extracting(TableObjects.Check::name)
          .containsExactly("sbtest1_k_positive");
      assertThat(created.foreignKeys())
          .extracting(TableObjects.ForeignKey::name)
          .containsExactly("sbtest1_fk_customer");
      assertThat(created.generated()).containsKey("total");
      assertThat(created.columnComments()).containsEntry("c", "filler");
      TableObjects customers = postgres.read(c, "mshop", "customers");
      assertThat(customers.comment()).isEqualTo("who buys");
      assertThat(customers.indexes())
          .singleElement()
          .satisfies(i -> assertThat(i.unique()).isTrue());
      // Created NOT VALID, validated by the last step.
      try (ResultSet rs =
          st.executeQuery(
              "SELECT convalidated FROM pg_constraint WHERE conname = 'sbtest1_fk_customer'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
      }
      st.execute("INSERT INTO mshop.customers (id, email) VALUES (1, 'a')");
      st.execute(
          "INSERT INTO mshop.sbtest1 (id, k, customer_id, qty, price) VALUES (1, 1, 1, 3, 2)");
      try (ResultSet rs = st.executeQuery("SELECT total FROM mshop.sbtest1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("6");
      }
    }
  }
}
