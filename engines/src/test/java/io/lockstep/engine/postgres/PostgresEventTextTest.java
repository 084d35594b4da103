package io.lockstep.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The conversions from what the source returns to what events carry. The expected values are those
 * the capture writes for the same source values (replicator-job's record converters, Debezium's
 * formats); the type-matrix integration tests check the whole path against real captures.
 */
class PostgresEventTextTest {

  @Test
  void postgresDatesKeepFiveDigitYearsAndBcAsIsoYears() {
    assertThat(PostgresEventText.date("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(PostgresEventText.date("20000-01-01")).isEqualTo(LocalDate.of(20000, 1, 1));
    assertThat(PostgresEventText.date("0044-03-15 BC")).isEqualTo(LocalDate.of(-43, 3, 15));
  }

  @Test
  void postgresTimestampsKeepMicrosecondsAndEra() {
    assertThat(PostgresEventText.timestamp("9999-12-31 23:59:59.999999"))
        .isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000));
    assertThat(PostgresEventText.timestamp("0044-03-15 12:00:00 BC"))
        .isEqualTo(LocalDateTime.of(-43, 3, 15, 12, 0));
    assertThat(PostgresEventText.timestamp("2024-03-31 02:30:00"))
        .isEqualTo(LocalDateTime.of(2024, 3, 31, 2, 30));
  }

  @Test
  void postgresTimestamptzIsTheInstantWhateverTheSessionOffset() {
    Instant expected = Instant.parse("2024-03-30T23:30:00Z");
    assertThat(PostgresEventText.instant("2024-03-31 01:30:00+02")).isEqualTo(expected);
    assertThat(PostgresEventText.instant("2024-03-30 23:30:00+00")).isEqualTo(expected);
    assertThat(PostgresEventText.instant("2024-03-31 05:00:00+05:30")).isEqualTo(expected);
    assertThat(PostgresEventText.instant("1970-01-01 00:00:01.5+00"))
        .isEqualTo(Instant.ofEpochSecond(1, 500_000_000));
  }

  @Test
  void postgresIntervalIsDebeziumsIsoTextOfThePgIntervalFields() {
    // extract() of '1 year 2 mons 3 days 04:05:06.789' on PostgreSQL 14+ (numeric seconds).
    assertThat(PostgresEventText.interval("1 2 3 4 5 6.789000")).isEqualTo("P1Y2M3DT4H5M6.789S");
    assertThat(PostgresEventText.interval("0 0 0 0 0 0.000000")).isEqualTo("P0Y0M0DT0H0M0S");
    // '-1 days -00:00:00.000001': each part keeps its own sign.
    assertThat(PostgresEventText.interval("0 0 -1 0 0 -0.000001"))
        .isEqualTo("P0Y0M-1DT0H0M-0.000001S");
    // '36 hours' stays hours, as PGInterval has it.
    assertThat(PostgresEventText.interval("0 0 0 36 0 0")).isEqualTo("P0Y0M0DT36H0M0S");
    // PostgreSQL 11-13 extract double precision.
    assertThat(PostgresEventText.interval("0 0 0 0 0 -1e-06")).isEqualTo("P0Y0M0DT0H0M-0.000001S");
  }

  @Test
  void postgresBitStringsAreBigEndianBytesOfTheDeclaredWidth() {
    assertThat(PostgresEventText.bytes("bit", 10, "1000000011")).containsExactly(0x02, 0x03);
    assertThat(PostgresEventText.bytes("bit", 8, "10000000")).containsExactly(0x80);
    assertThat(PostgresEventText.bytes("bit", 16, "0000000000000001")).containsExactly(0, 1);
    assertThat(PostgresEventText.bytes("bytea", null, "\\x00ff")).containsExactly(0x00, 0xff);
  }

  @Test
  void postgresArrayElementsAreTypedByTheElementType() {
    assertThat(PostgresEventText.value(ColumnType.INT32, "int4", null, "-3")).isEqualTo(-3);
    assertThat(PostgresEventText.value(ColumnType.INT16, "int2", null, "7")).isEqualTo((short) 7);
    assertThat(PostgresEventText.value(ColumnType.BOOLEAN, "bool", null, "t")).isEqualTo(true);
    assertThat(PostgresEventText.value(ColumnType.FLOAT32, "float4", null, "-Infinity"))
        .isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(PostgresEventText.value(ColumnType.FLOAT64, "float8", null, "-0")).isEqualTo(-0.0d);
    assertThat(PostgresEventText.value(ColumnType.DECIMAL, "numeric", null, "NaN"))
        .isEqualTo("NaN");
    assertThat(PostgresEventText.value(ColumnType.DECIMAL, "numeric", null, "0.0000000000"))
        .isEqualTo(new BigDecimal("0.0000000000"));
    assertThat(
            PostgresEventText.value(
                ColumnType.UUID, "uuid", null, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
        .isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
    assertThat(PostgresEventText.value(ColumnType.TIME, "time", null, "23:59:59.999999"))
        .isEqualTo(LocalTime.of(23, 59, 59, 999_999_000));
  }
}
