package io.lockstep.apply;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engines.Engines;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import io.lockstep.types.Engine;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL target for the apply path's unit tests (one per test class), with the tables
 * and changes they write. {@link #reset()} gives each test empty tables of its own.
 */
final class TargetDatabase implements AutoCloseable {

  static final String PIPELINE = "unit";
  static final String STATE_SCHEMA = "lockstep_state";
  static final TargetDialect DIALECT = Engines.dialect(Engine.POSTGRES);
  static final MetadataColumns METADATA =
      new MetadataColumns(true, "_lockstep_origin", "_lockstep_commit_ts", "_lockstep_position");

  /** {@code shop.orders}: a key, a text and a number the target keeps non-negative. */
  static final TableSchema ORDERS =
      new TableSchema(
          new TableId("shop", "shop", "orders"),
          List.of(
              ColumnSchema.of("id", ColumnType.INT64),
              ColumnSchema.of("status", ColumnType.STRING),
              ColumnSchema.of("amount", ColumnType.INT64)),
          List.of("id"));

  /** {@code shop.customers}: a second table, with a two-column key. */
  static final TableSchema CUSTOMERS =
      new TableSchema(
          new TableId("shop", "shop", "customers"),
          List.of(
              ColumnSchema.of("region", ColumnType.STRING),
              ColumnSchema.of("id", ColumnType.INT64),
              ColumnSchema.of("name", ColumnType.STRING)),
          List.of("region", "id"));

  /** {@code shop.tagged}: an array column, which the row-wise statements write. */
  static final TableSchema TAGGED =
      new TableSchema(
          new TableId("shop", "shop", "tagged"),
          List.of(
              ColumnSchema.of("id", ColumnType.INT64),
              new ColumnSchema("tags", ColumnType.ARRAY, ColumnType.STRING, "_text", true)),
          List.of("id"));

  private final EmbeddedPostgres postgres;

  private TargetDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Zonky turns {@code synchronous_commit} off; a target in production has it on. */
  static TargetDatabase start() throws IOException {
    return new TargetDatabase(
        EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start());
  }

  /** Drops what earlier tests wrote and creates the tables anew, without metadata columns. */
  void reset() throws SQLException {
    execute(
        "DROP SCHEMA IF EXISTS shop CASCADE",
        "DROP SCHEMA IF EXISTS " + STATE_SCHEMA + " CASCADE",
        "CREATE SCHEMA shop",
        "CREATE SCHEMA " + STATE_SCHEMA,
        "CREATE TABLE shop.orders (id bigint PRIMARY KEY, status varchar(10),"
            + " amount bigint CHECK (amount >= 0))",
        "CREATE TABLE shop.customers (region text, id bigint, name text,"
            + " PRIMARY KEY (region, id))",
        "CREATE TABLE shop.tagged (id bigint PRIMARY KEY, tags text[])");
  }

  /** A connection in a transaction of its own, as the writer's pool hands out. */
  Connection connect() throws SQLException {
    Connection connection = postgres.getPostgresDatabase().getConnection();
    connection.setAutoCommit(false);
    return connection;
  }

  void execute(String... statements) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** Every row of a query, each as its columns' text joined by {@code |} (NULL as {@code null}). */
  List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  /** {@code shop.orders} as {@code id|status|amount}, by key. */
  List<String> orders() throws SQLException {
    return rows("SELECT id, status, amount FROM shop.orders ORDER BY id");
  }

  /**
   * A pipeline file naming this server as the target; the password (unused: the server trusts local
   * connections) is read from a file in {@code dir}.
   */
  PipelineConfig pipeline(Path dir) throws IOException {
    Path password = Files.writeString(dir.resolve("password"), "unused");
    String yaml =
        """
        pipeline.name: %s
        source.host: localhost
        source.database: shop
        source.user: replicator
        source.password-file: %s
        source.tables: [shop.orders]
        target.host: localhost
        target.port: %d
        target.database: postgres
        target.user: postgres
        target.password-file: %s
        kafka.bootstrap-servers: localhost:9092
        apply.state-schema: %s
        """
            .formatted(PIPELINE, password, postgres.getPort(), password, STATE_SCHEMA);
    return PipelineConfigLoader.fromSystemEnvironment().parse(yaml, "unit-test pipeline");
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  /** The truncate barrier of the pipeline these tests write, with {@link #METADATA}. */
  static TruncateBarrier truncates() {
    return truncates(METADATA);
  }

  static TruncateBarrier truncates(MetadataColumns metadata) {
    return new TruncateBarrier(
        DIALECT,
        metadata,
        io.lockstep.config.TableNaming.of(List.of(), java.util.Optional.empty()),
        PIPELINE,
        STATE_SCHEMA);
  }

  /** A streamed position of epoch 1. */
  static String position(long lsn) {
    return position(1, lsn);
  }

  static String position(long epoch, long lsn) {
    return SourcePosition.postgres(epoch, lsn, lsn);
  }

  static ChangeEvent order(long id, String status, long amount, String position) {
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("id", id);
    after.put("status", status);
    after.put("amount", amount);
    return ChangeEvent.update(ORDERS, null, after, Instant.EPOCH, position, null);
  }

  static ChangeEvent deleteOrder(long id, String position) {
    return ChangeEvent.delete(ORDERS, Map.of("id", id), Instant.EPOCH, position, null);
  }

  static ChangeEvent customer(String region, long id, String name, String position) {
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("region", region);
    after.put("id", id);
    after.put("name", name);
    return ChangeEvent.insert(CUSTOMERS, after, Instant.EPOCH, position, null);
  }

  static ChangeEvent deleteCustomer(String region, long id, String position) {
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("region", region);
    before.put("id", id);
    return ChangeEvent.delete(CUSTOMERS, before, Instant.EPOCH, position, null);
  }

  static ChangeEvent tagged(long id, List<String> tags, String position) {
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("id", id);
    after.put("tags", tags);
    return ChangeEvent.update(TAGGED, null, after, Instant.EPOCH, position, null);
  }

  static ChangeEvent deleteTagged(long id, String position) {
    return ChangeEvent.delete(TAGGED, Map.of("id", id), Instant.EPOCH, position, null);
  }
}
