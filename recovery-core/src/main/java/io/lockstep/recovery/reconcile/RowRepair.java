package io.lockstep.recovery.reconcile;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Makes rows of the target what the source holds, by key: what reconciliation hands differing keys
 * to in repair mode. {@link ForceSyncRepair} is the production one.
 */
@FunctionalInterface
public interface RowRepair {

  /**
   * Repairs the rows of {@code table} ({@code database.schema.table}, as {@link
   * io.lockstep.event.TableId#qualifiedName()}) with these keys (column name to event-typed value),
   * one outcome per key.
   */
  List<RepairOutcome> repair(String table, List<Map<String, Object>> keys) throws SQLException;
}
