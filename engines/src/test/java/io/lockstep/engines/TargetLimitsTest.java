package io.lockstep.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.types.Engine;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetLimitsTest {

  private static ColumnSchema column(
      String nativeType, ColumnType type, Integer length, Integer scale) {
    return new ColumnSchema("c", type, null, nativeType, true, length, scale);
  }

  @Test
  void nullFitsEveryTarget() {
    ColumnSchema c = column("float8", ColumnType.FLOAT64, null, null);
    assertThat(Engines.of(Engine.MARIADB).valueProblem(c, null)).isEmpty();
    assertThat(Engines.of(Engine.POSTGRES).valueProblem(c, null)).isEmpty();
  }

  @Test
  void nanAndInfinitiesCannotGoToMariaDb() {
    ColumnSchema float8 = column("float8", ColumnType.FLOAT64, null, null);
    ColumnSchema float4 = column("float4", ColumnType.FLOAT32, null, null);
    ColumnSchema numeric = column("numeric", ColumnType.DECIMAL, null, null);

    assertThat(Engines.of(Engine.MARIADB).valueProblem(float8, Double.NaN))
        .hasValueSatisfying(r -> assertThat(r).contains("column 'c'").contains("NaN"));
    assertThat(Engines.of(Engine.MARIADB).valueProblem(float4, Float.NEGATIVE_INFINITY))
        .isPresent();
    assertThat(Engines.of(Engine.MARIADB).valueProblem(numeric, "Infinity")).isPresent();
    assertThat(Engines.of(Engine.MARIADB).valueProblem(float8, -0.0)).isEmpty();
    assertThat(Engines.of(Engine.POSTGRES).valueProblem(float8, Double.NaN)).isEmpty();
  }

  @Test
  void decimalExtremesOfDeclaredPrecisionFit() {
    ColumnSchema numeric = column("numeric", ColumnType.DECIMAL, 38, 10);

    assertThat(
            Engines.of(Engine.MARIADB)
                .valueProblem(numeric, new BigDecimal("-9999999999999999999999999999.9999999999")))
        .isEmpty();
    assertThat(Engines.of(Engine.MARIADB).valueProblem(numeric, new BigDecimal("0.0000000001")))
        .isEmpty();
  }

  @Test
  void unconstrainedNumericBeyondWidestDecimalIsRefusedNotRounded() {
    ColumnSchema numeric = column("numeric", ColumnType.DECIMAL, null, null);
    BigDecimal thirtyOneDigits = new BigDecimal("0." + "0".repeat(30) + "1");
    BigDecimal thirtySixIntegerDigits = new BigDecimal("1" + "0".repeat(35));

    assertThat(Engines.of(Engine.MARIADB).valueProblem(numeric, thirtyOneDigits))
        .hasValueSatisfying(r -> assertThat(r).contains("decimal(65,30)"));
    assertThat(Engines.of(Engine.MARIADB).valueProblem(numeric, thirtySixIntegerDigits))
        .isPresent();
    assertThat(
            Engines.of(Engine.MARIADB)
                .valueProblem(numeric, new BigDecimal("1.5000000000000000000000000000000000")))
        .as("trailing zeros are no digits the target must keep")
        .isEmpty();
  }

  @Test
  void unsignedBigintMaximumFitsBothTargets() {
    ColumnSchema unsigned = column("BIGINT UNSIGNED", ColumnType.DECIMAL, 20, 0);
    BigDecimal max = new BigDecimal("18446744073709551615");

    assertThat(Engines.of(Engine.MARIADB).valueProblem(unsigned, max)).isEmpty();
    assertThat(Engines.of(Engine.POSTGRES).valueProblem(unsigned, max)).isEmpty();
  }

  @Test
  void datesOutsideYearsOneToNineThousandNineHundredNinetyNineCannotGoToMariaDb() {
    ColumnSchema date = column("date", ColumnType.DATE, null, null);
    ColumnSchema timestamp = column("timestamp", ColumnType.TIMESTAMP, 6, null);
    ColumnSchema timestamptz = column("timestamptz", ColumnType.TIMESTAMPTZ, 6, null);

    assertThat(Engines.of(Engine.MARIADB).valueProblem(date, LocalDate.of(20000, 1, 1)))
        .isPresent();
    assertThat(Engines.of(Engine.MARIADB).valueProblem(date, LocalDate.of(9999, 12, 31))).isEmpty();
    assertThat(Engines.of(Engine.MARIADB).valueProblem(date, LocalDate.of(1000, 1, 1))).isEmpty();
    // 44 BC is the proleptic ISO year -43.
    assertThat(
            Engines.of(Engine.MARIADB).valueProblem(timestamp, LocalDateTime.of(-43, 3, 15, 12, 0)))
        .isPresent();
    assertThat(
            Engines.of(Engine.MARIADB)
                .valueProblem(timestamptz, Instant.parse("9999-12-31T23:59:59.999999Z")))
        .isEmpty();
    assertThat(
            Engines.of(Engine.MARIADB)
                .valueProblem(timestamptz, Instant.parse("+10000-01-01T00:00:00Z")))
        .isPresent();
  }

  @Test
  void nulCharacterCannotGoToPostgres() {
    ColumnSchema text = column("LONGTEXT", ColumnType.STRING, null, null);
    ColumnSchema array = new ColumnSchema("c", ColumnType.ARRAY, ColumnType.STRING, "_text", true);

    assertThat(Engines.of(Engine.POSTGRES).valueProblem(text, "a\u0000b"))
        .hasValueSatisfying(r -> assertThat(r).contains("NUL"));
    assertThat(Engines.of(Engine.POSTGRES).valueProblem(text, "Zoë 🙂 ")).isEmpty();
    assertThat(Engines.of(Engine.MARIADB).valueProblem(text, "a\u0000b")).isEmpty();
    assertThat(Engines.of(Engine.POSTGRES).valueProblem(array, Arrays.asList("a", null, "\u0000")))
        .isPresent();
    assertThat(Engines.of(Engine.POSTGRES).valueProblem(array, List.of("a"))).isEmpty();
  }

  @Test
  void mariaDbYearZeroCannotGoToPostgres() {
    ColumnSchema datetime = column("DATETIME", ColumnType.TIMESTAMP, 6, null);

    assertThat(Engines.of(Engine.POSTGRES).valueProblem(datetime, LocalDateTime.of(0, 1, 1, 0, 0)))
        .isPresent();
    assertThat(Engines.of(Engine.POSTGRES).valueProblem(datetime, LocalDateTime.of(1, 1, 1, 0, 0)))
        .isEmpty();
  }
}
