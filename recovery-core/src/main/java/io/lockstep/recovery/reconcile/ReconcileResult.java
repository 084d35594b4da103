package io.lockstep.recovery.reconcile;

import java.time.Duration;
import java.util.List;

/**
 * What a finished run found and did.
 *
 * @param table the source table, {@code schema.table}
 * @param repair whether it ran in repair mode
 * @param differences every row found to differ
 * @param repairs what the repair did, per row (empty in a dry run)
 * @param unresolved the differences that remain: all of them in a dry run; in repair mode those
 *     whose repair failed or left the row inconsistent
 * @param rowsCompared rows covered by equal checksums or compared one by one
 * @param rangesDone key ranges compared
 * @param elapsed how long this run (or its resumption) took
 * @param comparedInJava columns whose values no checksum expression covers on both engines, which
 *     were compared after fetching rows
 * @param notOnTarget source columns the target lacks (pending backfill), not compared
 * @param backfilled columns listed in {@code lockstep_pending_backfill} that this repair run filled
 *     and cleared from that list
 * @param state the final state, as the checkpoint received it
 */
public record ReconcileResult(
    String table,
    boolean repair,
    List<Difference> differences,
    List<RepairOutcome> repairs,
    List<Difference> unresolved,
    long rowsCompared,
    long rangesDone,
    Duration elapsed,
    List<String> comparedInJava,
    List<String> notOnTarget,
    List<String> backfilled,
    ReconcileState state) {

  /** No difference remains: none found (dry run), or all repaired and consistent (repair). */
  public boolean consistent() {
    return unresolved.isEmpty();
  }
}
