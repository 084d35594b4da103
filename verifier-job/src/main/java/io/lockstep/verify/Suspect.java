package io.lockstep.verify;

import io.lockstep.discrepancy.Discrepancy;
import java.util.ArrayList;
import java.util.List;

/**
 * A row the target check found different from its change event, on its way to the source re-check:
 * the encoded change event, the record key of its discrepancy, and what differed. The discrepancy
 * itself is only built if the source confirms it (most suspects of a backlog are rows deleted by a
 * later change, which the re-check clears). A Flink POJO.
 */
public class Suspect {

  /** The change event (change topics' format). */
  public byte[] event;

  /** The change's record key (the row's primary-key values as JSON). */
  public byte[] key;

  /** {@link Discrepancy.Kind#name()}. */
  public String kind;

  /** For a different row: the differing columns, and their source and target values. */
  public String[] columns;

  public String[] sourceValues;
  public String[] targetValues;

  public Suspect() {}

  Suspect(
      byte[] event, byte[] key, Discrepancy.Kind kind, List<Discrepancy.ColumnDifference> diff) {
    this.event = event;
    this.key = key;
    this.kind = kind.name();
    this.columns = diff.stream().map(Discrepancy.ColumnDifference::column).toArray(String[]::new);
    this.sourceValues =
        diff.stream().map(Discrepancy.ColumnDifference::source).toArray(String[]::new);
    this.targetValues =
        diff.stream().map(Discrepancy.ColumnDifference::target).toArray(String[]::new);
  }

  Discrepancy.Kind kind() {
    return Discrepancy.Kind.valueOf(kind);
  }

  List<Discrepancy.ColumnDifference> differences() {
    List<Discrepancy.ColumnDifference> differences = new ArrayList<>();
    for (int i = 0; i < columns.length; i++) {
      differences.add(
          new Discrepancy.ColumnDifference(columns[i], sourceValues[i], targetValues[i]));
    }
    return differences;
  }
}
