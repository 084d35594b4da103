package io.lockstep.recovery.reconcile;

import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.sync.ForceSync;
import io.lockstep.recovery.sync.SyncResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Repairs rows with force-sync (tier 1's {@link ForceSync}): each key's source row is read and
 * written over the target row (or the target row deleted when the source has none), with the
 * position guard, and read back to confirm.
 */
public final class ForceSyncRepair implements RowRepair, AutoCloseable {

  private final ForceSync forceSync;
  private final boolean owned;

  /** Uses a force-sync the caller owns and closes. */
  public ForceSyncRepair(ForceSync forceSync) {
    this(forceSync, false);
  }

  private ForceSyncRepair(ForceSync forceSync, boolean owned) {
    this.forceSync = forceSync;
    this.owned = owned;
  }

  /** Opens a force-sync of its own on the pipeline's databases; closed with this. */
  public static ForceSyncRepair open(PipelineConfig config) {
    return new ForceSyncRepair(ForceSync.open(config), true);
  }

  @Override
  public List<RepairOutcome> repair(String table, List<Map<String, Object>> keys)
      throws SQLException {
    List<RepairOutcome> outcomes = new ArrayList<>(keys.size());
    for (SyncResult result : forceSync.sync(table, keys, null)) {
      outcomes.add(
          new RepairOutcome(
              result.key(), result.action().name(), result.consistent(), result.detail()));
    }
    return outcomes;
  }

  @Override
  public void close() {
    if (owned) {
      forceSync.close();
    }
  }
}
