package io.lockstep.recovery.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.types.Engine;
import java.util.List;
import org.junit.jupiter.api.Test;

class SideSqlTest {

  @Test
  void integerKeysAreBucketedByArithmeticAndGroupedInTheDatabase() {
    TablePair pair =
        Tables.pair(
            Engine.POSTGRES,
            Engine.POSTGRES,
            List.of(Tables.column("id", io.lockstep.event.ColumnType.INT64, "int8")),
            List.of(Tables.column("id", io.lockstep.event.ColumnType.INT64, "int8")),
            List.of("id"));
    BoundSql sql =
        pair.sourceSql.integerBuckets(KeyRange.between(List.of("100"), List.of("200")), 100, 10);
    assertThat(sql.sql())
        .isEqualTo(
            "SELECT b, COUNT(*), SUM(h) FROM (SELECT ((\"id\" - ?::bigint) / ?::bigint) AS b,"
                + " hash_record_extended(ROW(\"id\"), 0) AS h FROM \"shop\".\"orders\" WHERE"
                + " \"id\" >= ? AND \"id\" < ?) r GROUP BY b");
    assertThat(sql.parameters()).containsExactly(100L, 10L, 100L, 200L);
  }

  @Test
  void postgresServersOfDifferentVersionsHashTheRowText() {
    List<io.lockstep.event.ColumnSchema> columns =
        List.of(Tables.column("id", io.lockstep.event.ColumnType.INT64, "int8"));
    TablePair pair =
        new TablePair(
            new io.lockstep.event.TableSchema(
                new io.lockstep.event.TableId("db", "s", "t"), columns, List.of("id")),
            new io.lockstep.event.TableSchema(
                new io.lockstep.event.TableId("db", "s", "t"), columns, List.of("id")),
            columns,
            List.of(),
            Engine.POSTGRES,
            Engine.POSTGRES,
            false);
    assertThat(pair.sourceSql.hashExpression()).isEqualTo("hashtextextended(ROW(\"id\")::text, 0)");
  }

  @Test
  void mariaDbBucketsUseIntegerDivisionAndMd5OfCanonicalTexts() {
    TablePair pair = Tables.mariaDbToPostgres();
    String source = pair.sourceSql.integerBuckets(KeyRange.all(), 1, 1000).sql();
    assertThat(source).contains("((`id` - ?) DIV ?)");
    assertThat(source).contains("MD5(CONVERT(CONCAT(");
    assertThat(source)
        .contains(
            "CASE WHEN INSTR(CAST(`created` AS CHAR), '.') > 0 THEN TRIM(TRAILING '.' FROM"
                + " TRIM(TRAILING '0' FROM CAST(`created` AS CHAR))) ELSE CAST(`created` AS CHAR)"
                + " END");
    String target = pair.targetSql.integerBuckets(KeyRange.all(), 1, 1000).sql();
    assertThat(target).contains("trim_scale(\"total\")::text");
    assertThat(target).contains("\"created\"::text");
    assertThat(target).contains("substr(md5(concat(");
  }

  @Test
  void floatsAcrossEnginesAreComparedInJavaAndStreamed() {
    TablePair pair = Tables.mariaDbToPostgres();
    assertThat(pair.comparedInJava()).containsExactly("weight");
    BoundSql sql = pair.targetSql.integerBuckets(KeyRange.all(), 1, 1000);
    assertThat(sql.sql())
        .doesNotContain("GROUP BY")
        .endsWith("FROM \"shop\".\"orders\" WHERE 1 = 1");
    assertThat(sql.sql()).contains("\"id\", \"weight\" FROM");
    assertThat(pair.targetSql.hashExpression()).doesNotContain("weight");
    assertThat(pair.targetSql.streamedColumns()).containsExactly(0, 2);
  }

  @Test
  void otherKeysAreBucketedByABinarySearchOverSampledBoundaries() {
    TablePair pair = Tables.compositeTextKey(Engine.POSTGRES);
    List<List<String>> boundaries =
        List.of(
            List.of("east", "2024-01-01"),
            List.of("north", "2024-01-01"),
            List.of("west", "2024-06-30"));
    BoundSql sql =
        pair.targetSql.genericBuckets(
            KeyRange.between(List.of("a", "2020-01-01"), null), boundaries);
    String tuple = "(\"region\" COLLATE \"C\", \"day\")";
    String placeholder = "(CAST(? AS text) COLLATE \"C\", CAST(? AS \"date\"))";
    assertThat(sql.sql())
        .contains(
            "CASE WHEN "
                + tuple
                + " < "
                + placeholder
                + " THEN CASE WHEN "
                + tuple
                + " < "
                + placeholder
                + " THEN 0 ELSE 1 END ELSE CASE WHEN "
                + tuple
                + " < "
                + placeholder
                + " THEN 2 ELSE 3 END END AS b");
    assertThat(sql.sql()).contains("WHERE " + tuple + " >= " + placeholder + ") r GROUP BY b");
    // the middle boundary first, then the left and right halves, then the range's lower bound
    assertThat(sql.parameters())
        .containsExactly(
            "north", "2024-01-01", "east", "2024-01-01", "west", "2024-06-30", "a", "2020-01-01");
  }

  @Test
  void mariaDbTextKeysCompareByTheirUtf8Bytes() {
    TablePair pair = Tables.compositeTextKey(Engine.MARIADB);
    BoundSql sql = pair.targetSql.sample(KeyRange.between(null, List.of("m", "2024-01-01")), 1000);
    assertThat(sql.sql())
        .isEqualTo(
            "SELECT `region`, `day` FROM (SELECT `region`, `day`, ROW_NUMBER() OVER (ORDER BY"
                + " CAST(CONVERT(`region` USING utf8mb4) AS BINARY), `day`) AS rn FROM"
                + " `shop`.`orders` WHERE (CAST(CONVERT(`region` USING utf8mb4) AS BINARY),"
                + " `day`) < (CAST(CONVERT(? USING utf8mb4) AS BINARY), ?)) s WHERE MOD(rn, ?)"
                + " = 0 ORDER BY rn");
    assertThat(sql.parameters()).containsExactly("m", "2024-01-01", 1000L);
  }

  @Test
  void fetchingByKeysComparesTheKeyColumnsThemselves() {
    TablePair pair = Tables.compositeTextKey(Engine.POSTGRES);
    BoundSql sql =
        pair.sourceSql.fetchKeys(
            List.of(List.of("east", "2024-01-01"), List.of("west", "2024-01-02")));
    assertThat(sql.sql())
        .isEqualTo(
            "SELECT \"region\", \"day\", \"amount\" FROM \"shop\".\"orders\" WHERE (\"region\","
                + " \"day\") IN ((CAST(? AS \"text\"), CAST(? AS \"date\")), (CAST(? AS \"text\"),"
                + " CAST(? AS \"date\")))");
    assertThat(sql.parameters()).containsExactly("east", "2024-01-01", "west", "2024-01-02");
  }

  @Test
  void leavesAreFetchedTogetherInOneStatement() {
    TablePair pair = Tables.mariaDbToPostgres();
    BoundSql sql =
        pair.sourceSql.fetch(
            List.of(
                new KeyRange(List.of("1"), List.of("11"), 10L, 9L),
                new KeyRange(List.of("50"), List.of("60"), 10L, 10L)));
    assertThat(sql.sql())
        .isEqualTo(
            "SELECT `id`, `total`, `weight`, `created` FROM `shop`.`orders` WHERE (`id` >= ? AND"
                + " `id` < ?) OR (`id` >= ? AND `id` < ?)");
    assertThat(sql.parameters()).containsExactly(1L, 11L, 50L, 60L);
  }
}
