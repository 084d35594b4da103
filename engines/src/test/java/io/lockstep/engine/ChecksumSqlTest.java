package io.lockstep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.types.Engine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconciliation SQL of both engines ({@link ChecksumSql}), side by side. */
class ChecksumSqlTest {

  private static final ChecksumSql POSTGRES = Engines.of(Engine.POSTGRES).checksumSql();
  private static final ChecksumSql MARIADB = Engines.of(Engine.MARIADB).checksumSql();

  private static ColumnSchema column(String name, ColumnType type, String nativeType) {
    return new ColumnSchema(name, type, null, nativeType, true);
  }

  private static String trimFraction(String text) {
    return "CASE WHEN INSTR("
        + text
        + ", '.') > 0 THEN TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM "
        + text
        + ")) ELSE "
        + text
        + " END";
  }

  private static String pg(ColumnSchema source, String targetType) {
    return POSTGRES
        .canonicalText(source, column("c", source.type(), targetType), "c")
        .orElse("(java)");
  }

  private static String maria(ColumnSchema source, String type) {
    return MARIADB.canonicalText(source, column("c", source.type(), type), "c").orElse("(java)");
  }

  @Test
  void tinyintOneAgainstBooleanCompareAsNumbers() {
    ColumnSchema tinyint = column("c", ColumnType.INT16, "TINYINT");
    assertThat(maria(tinyint, "TINYINT")).isEqualTo("CAST(c AS CHAR)");
    assertThat(pg(tinyint, "bool")).isEqualTo("CASE WHEN c THEN '1' ELSE '0' END");
    assertThat(pg(tinyint, "int2")).isEqualTo("c::text");
  }

  @Test
  void decimalsLoseTheirTrailingZerosOnBothEngines() {
    ColumnSchema decimal = column("c", ColumnType.DECIMAL, "DECIMAL");
    assertThat(pg(decimal, "numeric")).isEqualTo("trim_scale(c)::text");
    assertThat(maria(decimal, "DECIMAL"))
        .isEqualTo(
            "CASE WHEN INSTR(CAST(c AS CHAR), '.') > 0 THEN TRIM(TRAILING '.' FROM TRIM(TRAILING"
                + " '0' FROM CAST(c AS CHAR))) ELSE CAST(c AS CHAR) END");
  }

  @Test
  void charPaddingIsDroppedButVarcharSpacesKept() {
    ColumnSchema fixed = column("c", ColumnType.STRING, "bpchar");
    assertThat(pg(fixed, "bpchar")).isEqualTo("rtrim(c::text, ' ')");
    assertThat(maria(fixed, "CHAR")).isEqualTo("TRIM(TRAILING ' ' FROM c)");
    ColumnSchema varying = column("c", ColumnType.STRING, "varchar");
    assertThat(pg(varying, "varchar")).isEqualTo("c::text");
  }

  @Test
  void instantsAreWrittenInUtcOnBothEngines() {
    ColumnSchema instant = column("c", ColumnType.TIMESTAMPTZ, "timestamptz");
    assertThat(pg(instant, "timestamptz")).isEqualTo("(c AT TIME ZONE 'UTC')::text");
    assertThat(maria(instant, "DATETIME")).isEqualTo(trimFraction("CAST(c AS CHAR)"));
  }

  @Test
  void typesWithoutACommonTextAreLeftToJava() {
    assertThat(pg(column("c", ColumnType.FLOAT64, "float8"), "float8")).isEqualTo("(java)");
    assertThat(pg(column("c", ColumnType.JSON, "jsonb"), "jsonb")).isEqualTo("(java)");
    assertThat(pg(column("c", ColumnType.STRING, "LONGTEXT"), "jsonb")).isEqualTo("(java)");
    assertThat(pg(column("c", ColumnType.STRING, "LONGTEXT"), "json")).isEqualTo("c::text");
    assertThat(maria(column("c", ColumnType.INTERVAL, "interval"), "VARCHAR")).isEqualTo("(java)");
    assertThat(pg(column("c", ColumnType.BYTES, "BIT"), "bit")).isEqualTo("(java)");
  }

  @Test
  void rowHashJoinsFixedTextsAndLengthPrefixesFreeTextsSkippingJavaColumns() {
    List<ChecksumSql.Part> parts = new java.util.ArrayList<>();
    parts.add(new ChecksumSql.Part("a::text", false));
    parts.add(null);
    parts.add(new ChecksumSql.Part("b::text", true));
    assertThat(POSTGRES.md5Hash(parts))
        .isEqualTo(
            "('x' || substr(md5(concat(a::text, '|', octet_length(b::text), ':', b::text)), 1,"
                + " 15))::bit(60)::bigint");
    assertThat(MARIADB.md5Hash(parts))
        .isEqualTo(
            "CAST(CONV(SUBSTRING(MD5(CONVERT(CONCAT(COALESCE(a::text, ''), '|',"
                + " COALESCE(CONCAT(LENGTH(b::text), ':', b::text), ':')) USING utf8mb4)), 1,"
                + " 15), 16, 10) AS UNSIGNED)");
  }

  @Test
  void recordHashesOnlyTypesWhoseHashesFollowTheNormaliser() {
    assertThat(POSTGRES.recordHashes(List.of(column("c", ColumnType.DECIMAL, "numeric")))).isTrue();
    assertThat(POSTGRES.recordHashes(List.of(column("c", ColumnType.STRING, "_int4")))).isTrue();
    assertThat(POSTGRES.recordHashes(List.of(column("c", ColumnType.JSON, "json")))).isFalse();
    assertThat(POSTGRES.recordHashes(List.of(column("c", ColumnType.STRING, "citext")))).isFalse();
  }

  @Test
  void mariaDbHasNoRecordHash() {
    assertThat(MARIADB.recordHashes(List.of(column("c", ColumnType.INT32, "INT")))).isFalse();
  }
}
