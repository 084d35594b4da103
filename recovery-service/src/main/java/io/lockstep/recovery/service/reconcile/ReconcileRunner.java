package io.lockstep.recovery.service.reconcile;

import java.util.List;

/**
 * Tier 2's engine: compares source and target over a table, a key range or a list of keys by
 * checksum bisection, and repairs the rows that differ unless the run is a dry run. Implemented
 * over recovery-core's reconciliation; the service keeps the runs (queue, progress, checkpoints,
 * differences) in its store and calls this port on a worker thread.
 */
public interface ReconcileRunner {

  /**
   * Runs a reconciliation to its end on the calling thread.
   *
   * @param checkpointJson what {@link Progress#update} last handed over for this run, to resume
   *     after it; null for a fresh run
   * @return the totals
   * @throws Exception when the run cannot go on; the run is marked failed with the message
   */
  Summary run(ReconcileRunRequest request, String checkpointJson, Progress progress)
      throws Exception;

  /** Where a run reports as it goes; called on the runner's thread. */
  interface Progress {

    /**
     * @param rowsCompared rows compared so far (both sides counted once)
     * @param rowsRepaired rows written so far
     * @param checkpointJson where a restarted run can resume, or null
     */
    void update(long rowsCompared, long rowsRepaired, String checkpointJson);

    /** A row that differs, reported once it is known (and repaired, unless a dry run). */
    void difference(Difference difference);
  }

  /**
   * @param keyJson the row's key
   * @param kind MISSING (on the target), UNEXPECTED (on the target) or DIFFERENT
   * @param columns for DIFFERENT, the differing columns, where known
   * @param repaired whether the row was written
   */
  record Difference(String keyJson, String kind, List<String> columns, boolean repaired) {
    public Difference {
      columns = columns == null ? List.of() : List.copyOf(columns);
    }
  }

  record Summary(long rowsCompared, long differences, long rowsRepaired) {}
}
