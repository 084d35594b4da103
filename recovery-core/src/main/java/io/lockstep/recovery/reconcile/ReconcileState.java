package io.lockstep.recovery.reconcile;

import java.util.List;

/**
 * Everything a run needs to carry on where it stopped: its settings, the key ranges (or keys) still
 * to compare, and what it found and repaired so far. Handed to {@link ReconcileCheckpoint}; {@link
 * #toJson()} and {@link #fromJson(String)} give one text to store.
 *
 * @param table the source table, {@code schema.table}
 * @param wholeTable whether the run covers the whole table (not a key range or a list of keys)
 * @param repair whether differing rows are repaired
 * @param rowsPerSecond the scan limit, 0 for none
 * @param columns the columns compared when not all are
 * @param leafRows ranges of at most this many rows are compared row by row
 * @param bucketsPerQuery bucket checksums per grouped query at most
 * @param repairBatch keys per repair call
 * @param keys rows still to compare one by one (a run over a list of keys)
 * @param pending key ranges still to compare, in order
 * @param differences rows found to differ so far
 * @param repairs what the repair did, per row
 * @param rangesDone ranges compared so far
 * @param rowsCompared rows compared so far
 * @param complete whether the run finished
 */
public record ReconcileState(
    String table,
    boolean wholeTable,
    boolean repair,
    long rowsPerSecond,
    List<String> columns,
    int leafRows,
    int bucketsPerQuery,
    int repairBatch,
    List<List<String>> keys,
    List<KeyRange> pending,
    List<Difference> differences,
    List<RepairOutcome> repairs,
    long rangesDone,
    long rowsCompared,
    boolean complete) {

  public ReconcileState {
    columns = List.copyOf(columns);
    keys = keys.stream().map(List::copyOf).toList();
    pending = List.copyOf(pending);
    differences = List.copyOf(differences);
    repairs = List.copyOf(repairs);
  }

  /** The state as one JSON document. */
  public String toJson() {
    return ReconcileStateJson.write(this);
  }

  /** A state written by {@link #toJson()}. */
  public static ReconcileState fromJson(String json) {
    return ReconcileStateJson.read(json);
  }
}
