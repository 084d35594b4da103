package io.lockstep.recovery.reconcile;

import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.event.ColumnSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Rows of both sides, by canonical key, compared value by value in canonical form. */
final class LeafComparison {

  /** A difference before its key is typed: canonical key, kind, differing columns. */
  record Found(
      List<String> key, Discrepancy.Kind kind, List<Discrepancy.ColumnDifference> columns) {}

  private LeafComparison() {}

  static List<Found> compare(
      List<ColumnSchema> columns,
      Map<List<String>, List<String>> source,
      Map<List<String>, List<String>> target) {
    List<Found> found = new ArrayList<>();
    for (Map.Entry<List<String>, List<String>> row : source.entrySet()) {
      List<String> other = target.get(row.getKey());
      if (other == null) {
        found.add(new Found(row.getKey(), Discrepancy.Kind.MISSING, List.of()));
        continue;
      }
      List<Discrepancy.ColumnDifference> differences = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        if (!Objects.equals(row.getValue().get(i), other.get(i))) {
          differences.add(
              new Discrepancy.ColumnDifference(
                  columns.get(i).name(), row.getValue().get(i), other.get(i)));
        }
      }
      if (!differences.isEmpty()) {
        found.add(new Found(row.getKey(), Discrepancy.Kind.DIFFERENT, differences));
      }
    }
    for (List<String> key : target.keySet()) {
      if (!source.containsKey(key)) {
        found.add(new Found(key, Discrepancy.Kind.UNEXPECTED, List.of()));
      }
    }
    return found;
  }
}
