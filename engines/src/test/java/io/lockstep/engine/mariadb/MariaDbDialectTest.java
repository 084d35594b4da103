package io.lockstep.engine.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetColumn;
import io.lockstep.engine.TargetTable;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MariaDbDialectTest {

  private static final String GUARD =
      "`_lockstep_position` IS NULL OR CAST(`_lockstep_position` AS BINARY) <="
          + " CAST(VALUES(`_lockstep_position`) AS BINARY)";

  private final MariaDbDialect dialect = new MariaDbDialect();
  private final MetadataColumns metadata =
      new MetadataColumns(true, "_lockstep_origin", "_lockstep_commit_ts", "_lockstep_position");
  private final TargetTable orders =
      new TargetTable(
          "shop",
          "orders",
          List.of(
              new TargetColumn("id", "bigint", false),
              new TargetColumn("note", "text", true),
              new TargetColumn("_lockstep_origin", "char", true),
              new TargetColumn("_lockstep_commit_ts", "datetime", true),
              new TargetColumn("_lockstep_position", "varchar", true)),
          List.of("id"));

  @Test
  void upsertIsMultiRowAndGuardsEveryAssignmentWithTheStoredPosition() {
    String sql = dialect.upsertSql(orders, orders.columns().subList(0, 2), metadata, 2);
    assertThat(sql)
        .isEqualTo(
            "INSERT INTO `shop`.`orders` (`id`, `note`, `_lockstep_origin`, `_lockstep_commit_ts`,"
                + " `_lockstep_position`) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE"
                + " `note` = IF("
                + GUARD
                + ", VALUES(`note`), `note`),"
                + " `_lockstep_origin` = IF("
                + GUARD
                + ", VALUES(`_lockstep_origin`), `_lockstep_origin`),"
                + " `_lockstep_commit_ts` = IF("
                + GUARD
                + ", VALUES(`_lockstep_commit_ts`), `_lockstep_commit_ts`),"
                + " `_lockstep_position` = IF("
                + GUARD
                + ", VALUES(`_lockstep_position`), `_lockstep_position`)");
  }

  @Test
  void upsertAssignsThePositionLastSoThatEveryGuardSeesTheStoredOne() {
    String sql = dialect.upsertSql(orders, orders.columns().subList(0, 2), metadata, 1);
    String updates = sql.substring(sql.indexOf("ON DUPLICATE KEY UPDATE"));
    assertThat(updates.lastIndexOf("`_lockstep_position` = IF("))
        .isGreaterThan(updates.lastIndexOf("`note` = IF("))
        .isGreaterThan(updates.lastIndexOf("`_lockstep_commit_ts` = IF("));
  }

  @Test
  void upsertWithoutMetadataHasNoGuard() {
    String sql =
        dialect.upsertSql(orders, orders.columns().subList(0, 2), MetadataColumns.disabled(), 1);
    assertThat(sql)
        .isEqualTo(
            "INSERT INTO `shop`.`orders` (`id`, `note`) VALUES (?, ?)"
                + " ON DUPLICATE KEY UPDATE `note` = VALUES(`note`)");
  }

  @Test
  void upsertOfKeyOnlyRowsLeavesExistingRowsAsTheyAre() {
    String sql =
        dialect.upsertSql(orders, orders.columns().subList(0, 1), MetadataColumns.disabled(), 1);
    assertThat(sql).endsWith("ON DUPLICATE KEY UPDATE `id` = `id`").doesNotContain("IGNORE");
  }

  @Test
  void deleteIsMultiRowAndGuardedByPosition() {
    TargetTable twoKeys =
        new TargetTable(
            "shop",
            "lines",
            List.of(
                new TargetColumn("order_id", "bigint", false), new TargetColumn("n", "int", false)),
            List.of("order_id", "n"));
    String guard =
        "(`_lockstep_position` IS NULL OR CAST(`_lockstep_position` AS BINARY) <= CAST(? AS"
            + " BINARY))";
    assertThat(dialect.deleteSql(twoKeys, metadata, 2))
        .isEqualTo(
            "DELETE FROM `shop`.`lines` WHERE (`order_id` = ? AND `n` = ? AND "
                + guard
                + ") OR (`order_id` = ? AND `n` = ? AND "
                + guard
                + ")");
    assertThat(dialect.deleteSql(twoKeys, MetadataColumns.disabled(), 2))
        .isEqualTo(
            "DELETE FROM `shop`.`lines` WHERE (`order_id` = ? AND `n` = ?)"
                + " OR (`order_id` = ? AND `n` = ?)");
  }

  @Test
  void identifiersAreQuotedWithBackticks() {
    assertThat(dialect.quoteIdentifier("we`ird")).isEqualTo("`we``ird`");
    assertThat(dialect.name()).isEqualTo("mariadb");
    assertThat(dialect.supportsColumnArrays(orders, orders.columns())).isFalse();
  }

  @Test
  void addsOnlyTheMetadataColumnsATableLacks() {
    TargetTable bare =
        new TargetTable(
            "shop",
            "t",
            List.of(
                new TargetColumn("id", "bigint", false),
                new TargetColumn("_lockstep_origin", "char", true)),
            List.of("id"));
    assertThat(dialect.addMissingMetadataColumns(bare, metadata))
        .containsExactly(
            "ALTER TABLE `shop`.`t` ADD COLUMN `_lockstep_commit_ts` datetime(6) NULL",
            "ALTER TABLE `shop`.`t` ADD COLUMN `_lockstep_position`"
                + " varchar(96) CHARACTER SET ascii COLLATE ascii_bin NULL");
    assertThat(dialect.addMissingMetadataColumns(bare, MetadataColumns.disabled())).isEmpty();
  }

  @Test
  void createdTablesUseANoPadBinaryCollationAndIndexableKeyTypes() {
    TableSchema source =
        new TableSchema(
            new TableId("app", "public", "docs"),
            List.of(
                new ColumnSchema("tenant", ColumnType.STRING, null, "text", false),
                new ColumnSchema("digest", ColumnType.BYTES, null, "bytea", false),
                new ColumnSchema("n", ColumnType.INT64, null, "int8", false),
                new ColumnSchema("body", ColumnType.STRING, null, "text", true)),
            List.of("tenant", "digest", "n"));
    Map<String, String> types =
        Map.of("tenant", "longtext", "digest", "longblob", "n", "bigint", "body", "longtext");
    List<String> ddl =
        MariaDbDialect.createTableSql(
            "shop", "docs", source, c -> types.get(c.name()), Map.of(), List.of());
    assertThat(ddl)
        .containsExactly(
            "CREATE DATABASE IF NOT EXISTS `shop`",
            "CREATE TABLE IF NOT EXISTS `shop`.`docs` (`tenant` varchar(384) NOT NULL,"
                + " `digest` varbinary(384) NOT NULL, `n` bigint NOT NULL, `body` longtext NULL,"
                + " PRIMARY KEY (`tenant`, `digest`, `n`))"
                + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin");
  }

  @Test
  void aSingleUnindexableKeyColumnGetsTheWholeBudget() {
    TableSchema source =
        new TableSchema(
            new TableId("app", "public", "tags"),
            List.of(new ColumnSchema("name", ColumnType.JSON, null, "jsonb", false)),
            List.of("name"));
    assertThat(
            MariaDbDialect.createTableSql("s", "tags", source, c -> "json", Map.of(), List.of())
                .get(1))
        .contains("`name` varchar(768) NOT NULL");
    assertThat(
            MariaDbDialect.createTableSql(
                    "s", "tags", source, c -> "varchar(20)", Map.of(), List.of())
                .get(1))
        .contains("`name` varchar(20) NOT NULL");
  }

  @Test
  void rowsPerStatementStayUnderThePlaceholderLimit() {
    assertThat(dialect.maxRowsPerStatement(5) * 5).isLessThanOrEqualTo(65_535);
    assertThat(dialect.maxRowsPerStatement(5)).isGreaterThan(10_000);
    assertThat(dialect.maxRowsPerStatement(100_000)).isEqualTo(1);
  }

  @Test
  void connectionLossDeadlocksLockTimeoutsAndFailoverAreTransient() {
    assertThat(dialect.isTransient(new SQLNonTransientConnectionException("gone", "08000")))
        .isTrue();
    assertThat(dialect.isTransient(new SQLException("lost", "08S01", 2013))).isTrue();
    assertThat(dialect.isTransient(new SQLException("deadlock", "40001", 1213))).isTrue();
    assertThat(dialect.isTransient(new SQLException("lock wait timeout", "HY000", 1205))).isTrue();
    assertThat(dialect.isTransient(new SQLException("killed", "70100", 1927))).isTrue();
    assertThat(dialect.isTransient(new SQLException("gone away", "HY000", 2006))).isTrue();
    assertThat(
            dialect.isTransient(
                new SQLException(
                    "The MariaDB server is running with the --read-only option so it cannot"
                        + " execute this statement",
                    "HY000",
                    1290)))
        .isTrue();
    assertThat(dialect.isTransient(new SQLException("read-only mode", "HY000", 1836))).isTrue();
    assertThat(dialect.isTransient(new SQLRecoverableException("x"))).isTrue();
    assertThat(
            dialect.isTransient(
                new SQLException(
                    "wrapped", null, new SQLTransientConnectionException("x", "08001"))))
        .isTrue();
  }

  @Test
  void refusalsOfTheRowsContentAreNotTransient() {
    assertThat(dialect.isTransient(new SQLException("too long", "22001", 1406))).isFalse();
    assertThat(dialect.isTransient(new SQLException("out of range", "22003", 1264))).isFalse();
    assertThat(dialect.isTransient(new SQLException("incorrect value", "HY000", 1366))).isFalse();
    assertThat(dialect.isTransient(new SQLException("incorrect value", "22007", 1366))).isFalse();
    assertThat(dialect.isTransient(new SQLException("duplicate", "23000", 1062))).isFalse();
    assertThat(dialect.isTransient(new SQLException("foreign key", "23000", 1452))).isFalse();
    assertThat(
            dialect.isTransient(
                new SQLException(
                    "The MariaDB server is running with the --secure-file-priv option",
                    "HY000",
                    1290)))
        .isFalse();
  }

  @Test
  void aStatementOverMaxAllowedPacketIsNotRetriedAsItIs() {
    // The driver reports it as a connection error; retrying would fail forever.
    assertThat(
            dialect.isTransient(
                new SQLNonTransientConnectionException(
                    "Packet too big for current server max_allowed_packet value", "08000")))
        .isFalse();
    assertThat(dialect.isTransient(new SQLException("packet too large", "08S01", 1153))).isFalse();
  }

  @Test
  void instantsAreBoundAsUtcWallTime() throws SQLException {
    Recorder recorder = new Recorder();
    Instant instant = Instant.parse("2024-05-01T10:15:30.123456Z");
    dialect.bindValue(
        recorder.statement(), 1, column("at", "datetime"), source(ColumnType.TIMESTAMPTZ), instant);
    assertThat(recorder.calls)
        .containsExactly(
            List.of("setObject", 1, LocalDateTime.parse("2024-05-01T10:15:30.123456")));
  }

  @Test
  void nonFiniteNumbersAreRefusedNamingColumnAndValue() {
    Recorder recorder = new Recorder();
    assertThatThrownBy(
            () ->
                dialect.bindValue(
                    recorder.statement(),
                    1,
                    column("ratio", "double"),
                    source(ColumnType.FLOAT64),
                    Double.NaN))
        .isInstanceOf(SQLDataException.class)
        .hasMessageContaining("ratio")
        .hasMessageContaining("NaN")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("22003");
    assertThatThrownBy(
            () ->
                dialect.bindValue(
                    recorder.statement(),
                    1,
                    column("amount", "decimal"),
                    source(ColumnType.DECIMAL),
                    "-Infinity"))
        .isInstanceOf(SQLDataException.class)
        .hasMessageContaining("amount")
        .hasMessageContaining("-Infinity");
    assertThatThrownBy(
            () ->
                dialect.bindValue(
                    recorder.statement(),
                    1,
                    column("f", "float"),
                    source(ColumnType.FLOAT32),
                    Float.POSITIVE_INFINITY))
        .isInstanceOf(SQLDataException.class);
    assertThat(recorder.calls).isEmpty();
    SQLException refusal =
        catchSql(
            () ->
                dialect.bindValue(
                    recorder.statement(),
                    1,
                    column("ratio", "double"),
                    source(ColumnType.FLOAT64),
                    Double.NaN));
    assertThat(dialect.isTransient(refusal)).isFalse();
  }

  @Test
  void aTextColumnTakesTheValuesText() throws SQLException {
    Recorder recorder = new Recorder();
    PreparedStatement ps = recorder.statement();
    dialect.bindValue(ps, 1, column("r", "varchar"), source(ColumnType.FLOAT64), Double.NaN);
    dialect.bindValue(ps, 2, column("b", "text"), source(ColumnType.BOOLEAN), true);
    dialect.bindValue(
        ps, 3, column("d", "longtext"), source(ColumnType.DECIMAL), new BigDecimal("1.50"));
    dialect.bindValue(
        ps,
        4,
        column("t", "varchar"),
        source(ColumnType.TIMESTAMP),
        LocalDateTime.parse("2024-05-01T10:00:00"));
    assertThat(recorder.calls)
        .containsExactly(
            List.of("setString", 1, "NaN"),
            List.of("setString", 2, "true"),
            List.of("setString", 3, "1.50"),
            List.of("setString", 4, "2024-05-01T10:00:00.000000"));
  }

  @Test
  void valuesKeepTheirOwnJdbcTypes() throws SQLException {
    Recorder recorder = new Recorder();
    PreparedStatement ps = recorder.statement();
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    byte[] bytes = {0, (byte) 255};
    dialect.bindValue(ps, 1, column("id", "uuid"), source(ColumnType.UUID), uuid);
    dialect.bindValue(ps, 2, column("ok", "tinyint"), source(ColumnType.BOOLEAN), true);
    dialect.bindValue(ps, 3, column("b", "varbinary"), source(ColumnType.BYTES), bytes);
    dialect.bindValue(ps, 4, column("j", "longtext"), source(ColumnType.JSON), "{\"a\": 1}");
    dialect.bindValue(
        ps, 5, column("t", "time"), source(ColumnType.TIME), LocalTime.parse("10:00:00.000001"));
    dialect.bindValue(
        ps, 6, column("d", "date"), source(ColumnType.DATE), LocalDate.parse("2024-02-29"));
    dialect.bindValue(
        ps, 7, column("n", "decimal"), source(ColumnType.DECIMAL), new BigDecimal("-0.50"));
    dialect.bindValue(ps, 8, column("i", "interval"), source(ColumnType.INTERVAL), "P1DT2H");
    dialect.bindValue(ps, 9, column("l", "bigint"), source(ColumnType.INT64), 42L);
    assertThat(recorder.calls)
        .containsExactly(
            List.of("setString", 1, uuid.toString()),
            List.of("setBoolean", 2, true),
            List.of("setBytes", 3, bytes),
            List.of("setString", 4, "{\"a\": 1}"),
            List.of("setObject", 5, LocalTime.parse("10:00:00.000001")),
            List.of("setObject", 6, LocalDate.parse("2024-02-29")),
            List.of("setBigDecimal", 7, new BigDecimal("-0.50")),
            List.of("setString", 8, "P1DT2H"),
            List.of("setLong", 9, 42L));
  }

  @Test
  void nullsAreBoundAsTypedNulls() throws SQLException {
    Recorder recorder = new Recorder();
    dialect.bindValue(
        recorder.statement(), 1, column("n", "decimal"), source(ColumnType.DECIMAL), null);
    dialect.bindValue(
        recorder.statement(), 2, column("s", "text"), source(ColumnType.STRING), null);
    assertThat(recorder.calls)
        .containsExactly(
            List.of("setNull", 1, Types.DECIMAL), List.of("setNull", 2, Types.VARCHAR));
  }

  @Test
  void arraysBecomeJsonArrays() throws SQLException {
    Recorder recorder = new Recorder();
    ColumnSchema tags =
        new ColumnSchema("tags", ColumnType.ARRAY, ColumnType.STRING, "_text", true);
    dialect.bindValue(
        recorder.statement(),
        1,
        column("tags", "longtext"),
        tags,
        Arrays.asList("a,b", null, "say \"hi\"", "back\\slash"));
    ColumnSchema numbers =
        new ColumnSchema("n", ColumnType.ARRAY, ColumnType.DECIMAL, "_numeric", true);
    dialect.bindValue(
        recorder.statement(),
        2,
        column("n", "json"),
        numbers,
        Arrays.asList(new BigDecimal("1.50"), new BigDecimal("1E+3"), "NaN", null));
    assertThat(recorder.calls)
        .containsExactly(
            List.of("setString", 1, "[\"a,b\",null,\"say \\\"hi\\\"\",\"back\\\\slash\"]"),
            List.of("setString", 2, "[1.50,1000,\"NaN\",null]"));
    assertThat(
            MariaDbValues.jsonArray(
                List.of(true, 3, 2.5, Instant.parse("2024-05-01T10:00:00Z"), List.of(1L))))
        .isEqualTo("[true,3,2.5,\"2024-05-01T10:00:00.000000Z\",[1]]");
  }

  @Test
  void conversionsTheServerWouldMakeSilentlyAreRefused() {
    Recorder recorder = new Recorder();
    assertThatThrownBy(
            () ->
                dialect.bindValue(
                    recorder.statement(),
                    1,
                    column("qty", "int"),
                    source(ColumnType.DECIMAL),
                    new BigDecimal("1.5")))
        .isInstanceOf(SQLDataException.class)
        .hasMessageContaining("qty");
    assertThatThrownBy(
            () ->
                dialect.bindValue(
                    recorder.statement(),
                    1,
                    column("day", "date"),
                    source(ColumnType.TIMESTAMP),
                    LocalDateTime.parse("2024-05-01T10:00:00")))
        .isInstanceOf(SQLDataException.class);
    assertThatThrownBy(
            () ->
                dialect.bindValue(
                    recorder.statement(),
                    1,
                    column("day", "date"),
                    source(ColumnType.DATE),
                    LocalDate.of(10_000, 1, 1)))
        .isInstanceOf(SQLDataException.class)
        .hasMessageContaining("9999");
    assertThat(recorder.calls).isEmpty();
  }

  @Test
  void wholeNumbersAndMidnightsPassIntoNarrowerKinds() throws SQLException {
    Recorder recorder = new Recorder();
    dialect.bindValue(
        recorder.statement(),
        1,
        column("qty", "int"),
        source(ColumnType.DECIMAL),
        new BigDecimal("2.00"));
    dialect.bindValue(
        recorder.statement(),
        2,
        column("day", "date"),
        source(ColumnType.TIMESTAMP),
        LocalDateTime.parse("2024-05-01T00:00:00"));
    assertThat(recorder.calls)
        .extracting(call -> call.get(0))
        .containsExactly("setBigDecimal", "setObject");
  }

  @Test
  void metadataIsOriginUtcCommitTimeAndPosition() throws SQLException {
    Recorder recorder = new Recorder();
    int next =
        dialect.bindMetadata(
            recorder.statement(), 4, "R", Instant.parse("2024-05-01T10:00:00.000001Z"), "pg:01");
    assertThat(next).isEqualTo(7);
    assertThat(recorder.calls)
        .containsExactly(
            List.of("setString", 4, "R"),
            List.of("setObject", 5, LocalDateTime.parse("2024-05-01T10:00:00.000001")),
            List.of("setString", 6, "pg:01"));
  }

  @Test
  void stateTablesLiveInADatabaseOfTheirOwn() {
    assertThat(dialect.stateTablesDdl("lockstep"))
        .first()
        .isEqualTo("CREATE DATABASE IF NOT EXISTS `lockstep`");
    assertThat(dialect.stateTablesDdl("lockstep")).hasSize(5);
    assertThat(dialect.lockEpochSql("lockstep", false))
        .isEqualTo(
            "SELECT epoch FROM `lockstep`.lockstep_epoch WHERE pipeline = ? LOCK IN SHARE MODE");
    assertThat(dialect.lockEpochSql("lockstep", true)).endsWith("WHERE pipeline = ? FOR UPDATE");
    assertThat(dialect.insertEpochSql("lockstep"))
        .isEqualTo("INSERT IGNORE INTO `lockstep`.lockstep_epoch (pipeline, epoch) VALUES (?, 0)");
    assertThat(dialect.updateEpochSql("lockstep"))
        .isEqualTo("UPDATE `lockstep`.lockstep_epoch SET epoch = ? WHERE pipeline = ?");
    assertThat(dialect.registerTableSql("lockstep"))
        .isEqualTo(
            "INSERT IGNORE INTO `lockstep`.lockstep_tables (pipeline, table_schema, table_name)"
                + " VALUES (?, ?, ?)");
    assertThat(dialect.sweepSql("shop", "orders", metadata))
        .isEqualTo(
            "DELETE FROM `shop`.`orders` WHERE CAST(`_lockstep_position` AS BINARY)"
                + " < CAST(? AS BINARY)");
  }

  @Test
  void aTruncateDeletesRowsBelowItsPositionAndKeepsTheNewestPosition() {
    assertThat(dialect.truncateSql("shop", "orders", metadata))
        .isEqualTo(
            "DELETE FROM `shop`.`orders` WHERE `_lockstep_position` IS NULL"
                + " OR CAST(`_lockstep_position` AS BINARY) < CAST(? AS BINARY)");
    assertThat(dialect.recordTruncationSql("lockstep"))
        .contains("ON DUPLICATE KEY UPDATE")
        .contains(
            "IF(CAST(position AS BINARY) < CAST(VALUES(position) AS BINARY), VALUES(position),"
                + " position)");
    assertThat(dialect.truncationsSql("lockstep"))
        .isEqualTo(
            "SELECT table_schema, table_name, position FROM `lockstep`.lockstep_truncations"
                + " WHERE pipeline = ?");
  }

  @Test
  void pendingBackfillAccumulatesCountsAndWidensThePositionRange() {
    String sql = dialect.recordPendingBackfillSql("lockstep");
    assertThat(sql)
        .startsWith(
            "INSERT INTO `lockstep`.lockstep_pending_backfill (pipeline, table_schema, table_name,"
                + " column_name, first_position, last_position, row_changes, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE")
        .contains("first_position = LEAST(")
        .contains("last_position = GREATEST(")
        .contains("row_changes = row_changes + VALUES(row_changes)");
  }

  private static TargetColumn column(String name, String type) {
    return new TargetColumn(name, type, true);
  }

  private static ColumnSchema source(ColumnType type) {
    return ColumnSchema.of("c", type);
  }

  private interface SqlAction {
    void run() throws SQLException;
  }

  private static SQLException catchSql(SqlAction action) {
    try {
      action.run();
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected an SQLException");
  }

  /** A PreparedStatement that records the setters called on it: method name, then arguments. */
  private static final class Recorder {
    final List<List<Object>> calls = new ArrayList<>();

    PreparedStatement statement() {
      return (PreparedStatement)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {PreparedStatement.class},
              (proxy, method, args) -> {
                if (method.getName().startsWith("set")) {
                  List<Object> call = new ArrayList<>();
                  call.add(method.getName());
                  call.addAll(Arrays.asList(args));
                  calls.add(call);
                  return null;
                }
                throw new UnsupportedOperationException(method.getName());
              });
    }
  }
}
