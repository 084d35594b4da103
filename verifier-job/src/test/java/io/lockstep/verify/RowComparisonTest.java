package io.lockstep.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RowComparisonTest {

  private static final TableSchema CARDS =
      new TableSchema(
          new TableId("shop", "public", "cards"),
          List.of(
              ColumnSchema.of("id", ColumnType.INT64),
              new ColumnSchema("balance", ColumnType.DECIMAL, null, "numeric", true, 12, 2),
              ColumnSchema.of("opened", ColumnType.TIMESTAMPTZ),
              ColumnSchema.of("note", ColumnType.STRING)),
          List.of("id"));

  private static final String POSITION = "pg:1:0000000000000010:0000000000000011";
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  private static Map<String, Object> row(Object... values) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i += 2) {
      row.put((String) values[i], values[i + 1]);
    }
    return row;
  }

  private static ChangeEvent upsert() {
    return ChangeEvent.insert(
        CARDS,
        row(
            "id",
            7L,
            "balance",
            new BigDecimal("1.50"),
            "opened",
            Instant.parse("2026-01-01T00:00:00Z"),
            "note",
            "a "),
        NOW,
        POSITION,
        null);
  }

  /** The row as a PostgreSQL target returns it, with the metadata columns. */
  private static Map<String, Object> stored(String position, Object note) {
    return row(
        "id",
        7L,
        "balance",
        new BigDecimal("1.5"),
        "opened",
        OffsetDateTime.of(2026, 1, 1, 1, 0, 0, 0, ZoneOffset.ofHours(1)),
        "note",
        note,
        "_lockstep_origin",
        "R",
        "_lockstep_position",
        position);
  }

  @Test
  void equalValuesInOtherFormsMatch() {
    assertThat(
            RowComparison.compare(
                    upsert(), Optional.of(stored(POSITION, "a ")), "_lockstep_position")
                .outcome())
        .isEqualTo(RowComparison.Outcome.MATCH);
  }

  @Test
  void aDifferingColumnIsNamedWithBothCanonicalValues() {
    RowComparison.Result result =
        RowComparison.compare(upsert(), Optional.of(stored(POSITION, "a")), "_lockstep_position");
    assertThat(result.outcome()).isEqualTo(RowComparison.Outcome.MISMATCH);
    assertThat(result.kind()).isEqualTo(Discrepancy.Kind.DIFFERENT);
    assertThat(result.columns())
        .containsExactly(new Discrepancy.ColumnDifference("note", "a ", "a"));
  }

  @Test
  void aRowHoldingANewerChangeIsLeftToThatChangesCheck() {
    assertThat(
            RowComparison.compare(
                    upsert(),
                    Optional.of(stored("pg:1:0000000000000020:0000000000000021", "other")),
                    "_lockstep_position")
                .outcome())
        .isEqualTo(RowComparison.Outcome.SUPERSEDED);
    // Without metadata columns there is no position to go by: the values decide.
    assertThat(
            RowComparison.compare(
                    upsert(),
                    Optional.of(stored("pg:1:0000000000000020:0000000000000021", "other")),
                    null)
                .outcome())
        .isEqualTo(RowComparison.Outcome.MISMATCH);
  }

  @Test
  void absenceIsMissingForAnUpsertAndAMatchForADelete() {
    assertThat(RowComparison.compare(upsert(), Optional.empty(), "_lockstep_position").kind())
        .isEqualTo(Discrepancy.Kind.MISSING);
    ChangeEvent delete = ChangeEvent.delete(CARDS, row("id", 7L), NOW, POSITION, null);
    assertThat(RowComparison.compare(delete, Optional.empty(), "_lockstep_position").outcome())
        .isEqualTo(RowComparison.Outcome.MATCH);
    RowComparison.Result stray =
        RowComparison.compare(delete, Optional.of(stored(POSITION, "x")), "_lockstep_position");
    assertThat(stray.kind()).isEqualTo(Discrepancy.Kind.UNEXPECTED);
  }

  @Test
  void columnsTheTargetLacksArePendingBackfillNotDifferences() {
    Map<String, Object> withoutNote = stored(POSITION, null);
    withoutNote.remove("note");
    RowComparison.Result result =
        RowComparison.compare(upsert(), Optional.of(withoutNote), "_lockstep_position");
    assertThat(result.outcome()).isEqualTo(RowComparison.Outcome.MATCH);
    assertThat(result.notStored()).containsExactly("note");
  }
}
