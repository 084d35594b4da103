package io.lockstep.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetColumn;
import io.lockstep.engine.TargetTable;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresDialectTest {

  private final PostgresDialect dialect = new PostgresDialect();
  private final MetadataColumns metadata =
      new MetadataColumns(true, "_lockstep_origin", "_lockstep_commit_ts", "_lockstep_position");
  private final TargetTable orders =
      new TargetTable(
          "shop",
          "orders",
          List.of(
              new TargetColumn("id", "bigint", false),
              new TargetColumn("note", "text", true),
              new TargetColumn("_lockstep_origin", "character", true),
              new TargetColumn("_lockstep_commit_ts", "timestamp with time zone", true),
              new TargetColumn("_lockstep_position", "character varying", true)),
          List.of("id"));

  @Test
  void upsertIsMultiRowAndGuardedByPosition() {
    String sql = dialect.upsertSql(orders, orders.columns().subList(0, 2), metadata, 2);
    assertThat(sql)
        .isEqualTo(
            "INSERT INTO \"shop\".\"orders\" AS t (\"id\", \"note\", \"_lockstep_origin\","
                + " \"_lockstep_commit_ts\", \"_lockstep_position\") VALUES (CAST(? AS bigint),"
                + " CAST(? AS text), ?, CAST(? AS pg_catalog.timestamptz), ?), (CAST(? AS bigint), CAST(? AS"
                + " text), ?, CAST(? AS pg_catalog.timestamptz), ?) ON CONFLICT (\"id\") DO UPDATE SET"
                + " \"note\" = EXCLUDED.\"note\", \"_lockstep_origin\" = EXCLUDED.\"_lockstep_origin\","
                + " \"_lockstep_commit_ts\" = EXCLUDED.\"_lockstep_commit_ts\","
                + " \"_lockstep_position\" = EXCLUDED.\"_lockstep_position\" WHERE"
                + " t.\"_lockstep_position\" IS NULL OR t.\"_lockstep_position\" <="
                + " EXCLUDED.\"_lockstep_position\"");
  }

  @Test
  void upsertWithoutMetadataHasNoGuard() {
    String sql =
        dialect.upsertSql(orders, orders.columns().subList(0, 2), MetadataColumns.disabled(), 1);
    assertThat(sql).endsWith("DO UPDATE SET \"note\" = EXCLUDED.\"note\"").doesNotContain("WHERE");
  }

  @Test
  void upsertOfKeyOnlyRowsDoesNothingOnConflict() {
    String sql =
        dialect.upsertSql(orders, orders.columns().subList(0, 1), MetadataColumns.disabled(), 1);
    assertThat(sql).endsWith("ON CONFLICT (\"id\") DO NOTHING");
  }

  @Test
  void deleteIsMultiRowAndGuardedByPosition() {
    assertThat(dialect.deleteSql(orders, metadata, 2))
        .isEqualTo(
            "DELETE FROM \"shop\".\"orders\" AS t USING (VALUES (CAST(? AS bigint), ?), (CAST(?"
                + " AS bigint), ?)) AS d (\"id\", \"$position\") WHERE t.\"id\" = d.\"id\" AND"
                + " (t.\"_lockstep_position\" IS NULL OR t.\"_lockstep_position\" <="
                + " d.\"$position\")");
  }

  @Test
  void identifiersAreQuotedSafely() {
    assertThat(dialect.quoteIdentifier("we\"ird")).isEqualTo("\"we\"\"ird\"");
  }

  @Test
  void addsOnlyTheMetadataColumnsATableLacks() {
    TargetTable bare =
        new TargetTable(
            "shop",
            "t",
            List.of(
                new TargetColumn("id", "bigint", false),
                new TargetColumn("_lockstep_origin", "character", true)),
            List.of("id"));
    assertThat(dialect.addMissingMetadataColumns(bare, metadata))
        .containsExactly(
            "ALTER TABLE \"shop\".\"t\" ADD COLUMN IF NOT EXISTS \"_lockstep_commit_ts\""
                + " timestamptz",
            "ALTER TABLE \"shop\".\"t\" ADD COLUMN IF NOT EXISTS \"_lockstep_position\""
                + " varchar(64) COLLATE \"C\"");
    assertThat(dialect.addMissingMetadataColumns(bare, MetadataColumns.disabled())).isEmpty();
  }

  @Test
  void rowsPerStatementStayUnderTheProtocolLimit() {
    assertThat(dialect.maxRowsPerStatement(5) * 5).isLessThanOrEqualTo(32_767);
    assertThat(dialect.maxRowsPerStatement(100_000)).isEqualTo(1);
  }

  @Test
  void arraysBecomeQuotedLiterals() {
    ColumnSchema tags =
        new ColumnSchema("tags", ColumnType.ARRAY, ColumnType.STRING, "_text", true);
    assertThat(PostgresText.of(tags, Arrays.asList("a,b", null, "say \"hi\"", "back\\slash")))
        .isEqualTo("{\"a,b\",NULL,\"say \\\"hi\\\"\",\"back\\\\slash\"}");
    ColumnSchema bytes = new ColumnSchema("b", ColumnType.BYTES, null, "bytea", true);
    assertThat(PostgresText.of(bytes, new byte[] {0, (byte) 255})).isEqualTo("\\x00ff");
  }

  @Test
  void connectionLossDeadlockAndSerializationFailureAreTransient() {
    assertThat(dialect.isTransient(new SQLException("gone", "08006"))).isTrue();
    assertThat(dialect.isTransient(new SQLException("deadlock", "40P01"))).isTrue();
    assertThat(dialect.isTransient(new SQLException("serialization", "40001"))).isTrue();
    assertThat(
            dialect.isTransient(
                new SQLException(
                    "wrapped", null, new SQLTransientConnectionException("x", "08001"))))
        .isTrue();
    assertThat(dialect.isTransient(new SQLException("too long", "22001"))).isFalse();
    assertThat(dialect.isTransient(new SQLException("unique", "23505"))).isFalse();
  }

  @Test
  void columnArraysUpsertHasOneShapeForAnyNumberOfRows() {
    TargetTable typed =
        new TargetTable(
            "shop",
            "orders",
            List.of(
                new TargetColumn("id", "pg_catalog.int8", false),
                new TargetColumn("note", "pg_catalog.text", true)),
            List.of("id"));
    assertThat(dialect.supportsColumnArrays(typed, typed.columns())).isTrue();
    String sql = dialect.upsertArraysSql(typed, typed.columns(), metadata);
    assertThat(sql)
        .isEqualTo(
            "INSERT INTO \"shop\".\"orders\" AS t (\"id\", \"note\", \"_lockstep_origin\","
                + " \"_lockstep_commit_ts\", \"_lockstep_position\") SELECT * FROM"
                + " unnest(CAST(? AS pg_catalog.int8[]), CAST(? AS pg_catalog.text[]), CAST(? AS"
                + " pg_catalog.text[]), CAST(? AS pg_catalog.timestamptz[]), CAST(? AS"
                + " pg_catalog.text[])) ON CONFLICT (\"id\") DO UPDATE SET \"note\" ="
                + " EXCLUDED.\"note\", \"_lockstep_origin\" = EXCLUDED.\"_lockstep_origin\","
                + " \"_lockstep_commit_ts\" = EXCLUDED.\"_lockstep_commit_ts\","
                + " \"_lockstep_position\" = EXCLUDED.\"_lockstep_position\" WHERE"
                + " t.\"_lockstep_position\" IS NULL OR t.\"_lockstep_position\" <="
                + " EXCLUDED.\"_lockstep_position\"");
  }

  @Test
  void columnArraysDeleteIsGuardedByPosition() {
    TargetTable typed =
        new TargetTable(
            "shop",
            "orders",
            List.of(new TargetColumn("id", "pg_catalog.int8", false)),
            List.of("id"));
    assertThat(dialect.deleteArraysSql(typed, metadata))
        .isEqualTo(
            "DELETE FROM \"shop\".\"orders\" AS t USING unnest(CAST(? AS pg_catalog.int8[]),"
                + " CAST(? AS pg_catalog.text[])) AS d (\"id\", \"$position\") WHERE t.\"id\" ="
                + " d.\"id\" AND (t.\"_lockstep_position\" IS NULL OR t.\"_lockstep_position\" <="
                + " d.\"$position\")");
  }

  @Test
  void tablesWithArrayColumnsKeepRowWiseStatements() {
    TargetTable withArray =
        new TargetTable(
            "shop",
            "orders",
            List.of(
                new TargetColumn("id", "pg_catalog.int8", false),
                new TargetColumn("tags", "pg_catalog._text", true)),
            List.of("id"));
    assertThat(dialect.supportsColumnArrays(withArray, withArray.columns())).isFalse();
    assertThat(dialect.supportsColumnArrays(withArray, withArray.columns().subList(0, 1))).isTrue();
    // The catalog's type category decides even where the name does not tell: a dotted name.
    TargetTable dotted =
        new TargetTable(
            "shop",
            "orders",
            List.of(
                new TargetColumn("id", "pg_catalog.int8", false),
                new TargetColumn("tags", "public.\"_a.b\"", true, true)),
            List.of("id"));
    assertThat(dialect.supportsColumnArrays(dotted, dotted.columns())).isFalse();
  }
}
