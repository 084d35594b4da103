package io.lockstep.verify;

import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.types.ValueNormaliser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A change event against a stored row, through the shared normaliser (design decision 9): the
 * columns of the event that the stored row has are compared; columns the row lacks (a column not
 * yet added on the target: pending backfill) are left out and named; metadata columns are never
 * compared, since only the event's columns are.
 */
final class RowComparison {

  enum Outcome {
    /** The row is what the event says (for a delete: there is no row). */
    MATCH,
    /** The row holds a newer change than the event; a check of that change will follow. */
    SUPERSEDED,
    /** The row differs from the event. */
    MISMATCH
  }

  record Result(
      Outcome outcome,
      Discrepancy.Kind kind,
      List<Discrepancy.ColumnDifference> columns,
      List<String> notStored) {

    static Result of(Outcome outcome) {
      return new Result(outcome, null, List.of(), List.of());
    }
  }

  private RowComparison() {}

  /**
   * Compares {@code event} with {@code row} (empty when there is none). {@code positionColumn},
   * when not null, is the row's column holding the position of the change that wrote it.
   */
  static Result compare(
      ChangeEvent event, Optional<Map<String, Object>> row, String positionColumn) {
    if (row.isPresent() && positionColumn != null) {
      Object stored = row.get().get(positionColumn);
      if (stored != null && stored.toString().compareTo(event.position()) > 0) {
        return Result.of(Outcome.SUPERSEDED);
      }
    }
    if (event.isDelete()) {
      return row.isEmpty()
          ? Result.of(Outcome.MATCH)
          : new Result(Outcome.MISMATCH, Discrepancy.Kind.UNEXPECTED, List.of(), List.of());
    }
    if (row.isEmpty()) {
      return new Result(Outcome.MISMATCH, Discrepancy.Kind.MISSING, List.of(), List.of());
    }
    List<Discrepancy.ColumnDifference> differences = new ArrayList<>();
    List<String> notStored = new ArrayList<>();
    for (Map.Entry<String, Object> value : event.after().entrySet()) {
      String name = value.getKey();
      if (!row.get().containsKey(name)) {
        notStored.add(name);
        continue;
      }
      ColumnSchema column = event.schema().column(name).orElseThrow();
      Object expected = ValueNormaliser.normalise(column, value.getValue());
      Object actual = ValueNormaliser.normalise(column, row.get().get(name));
      if (!Objects.equals(expected, actual)) {
        differences.add(new Discrepancy.ColumnDifference(name, text(expected), text(actual)));
      }
    }
    return differences.isEmpty()
        ? new Result(Outcome.MATCH, null, List.of(), notStored)
        : new Result(Outcome.MISMATCH, Discrepancy.Kind.DIFFERENT, differences, notStored);
  }

  private static String text(Object canonical) {
    return canonical == null ? null : canonical.toString();
  }
}
