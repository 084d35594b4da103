package io.lockstep.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** Dates PostgreSQL holds but ISO-8601 spells differently: years after 9999 and before 1. */
class PostgresTextTest {

  private static ColumnSchema column(ColumnType type) {
    return new ColumnSchema("c", type, null, "", true);
  }

  @Test
  void yearsAfter9999AreWrittenWithoutIsoSign() {
    assertThat(PostgresText.of(column(ColumnType.DATE), LocalDate.of(20000, 1, 1)))
        .isEqualTo("20000-01-01");
    assertThat(
            PostgresText.of(
                column(ColumnType.TIMESTAMP), LocalDateTime.of(20000, 1, 1, 0, 0, 0, 1_000)))
        .isEqualTo("20000-01-01 00:00:00.000001");
  }

  @Test
  void yearsBeforeOneAreWrittenWithTheEra() {
    // ISO year -43 is 44 BC.
    assertThat(PostgresText.of(column(ColumnType.DATE), LocalDate.of(-43, 3, 15)))
        .isEqualTo("0044-03-15 BC");
    assertThat(PostgresText.of(column(ColumnType.TIMESTAMP), LocalDateTime.of(-43, 3, 15, 12, 0)))
        .isEqualTo("0044-03-15 12:00:00.000000 BC");
    assertThat(
            PostgresText.of(
                column(ColumnType.TIMESTAMPTZ),
                LocalDateTime.of(0, 1, 1, 0, 0).toInstant(java.time.ZoneOffset.UTC)))
        .isEqualTo("0001-01-01 00:00:00.000000+00 BC");
  }

  @Test
  void ordinaryDatesKeepTheirIsoForm() {
    assertThat(PostgresText.of(column(ColumnType.DATE), LocalDate.of(2024, 2, 29)))
        .isEqualTo("2024-02-29");
    assertThat(
            PostgresText.of(column(ColumnType.TIMESTAMPTZ), Instant.parse("2024-03-31T01:30:00Z")))
        .startsWith("2024-03-31T01:30:00");
  }
}
