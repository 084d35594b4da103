package io.lockstep.recovery.service.retry;

/**
 * Tier 1's one operation: re-read a source row by key and write it to the target with origin F
 * (force-sync) behind the apply job's position guard, then check the target. Implemented over
 * recovery-core's {@code ForceSync}; the service only depends on this port.
 */
public interface RowResync {

  /**
   * @param table {@code schema.table}, a table the pipeline replicates
   * @param keyJson the row's key as a JSON object of key columns
   * @param knownPosition the source position of the change that failed or was found different, or
   *     null; a target row at a newer position is left alone
   * @return what happened; an exception counts as a failed attempt
   */
  ResyncOutcome resync(String table, String keyJson, String knownPosition) throws Exception;
}
