package io.lockstep.recovery.service.pipeline;

/** The one form in which the service names a table: {@code schema.table}. */
public final class TableNames {

  private TableNames() {}

  /**
   * {@code schema.table} from a topic record's table: failed-rows records name {@code
   * database.schema.table} (the change topic's suffix), discrepancies {@code schema.table}. One
   * form makes a row's failure and its discrepancy one item.
   */
  public static String normalise(String table) {
    if (table == null) {
      return null;
    }
    String[] parts = table.split("\\.");
    return parts.length >= 3 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : table;
  }
}
