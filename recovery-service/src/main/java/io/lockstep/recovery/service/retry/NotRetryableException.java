package io.lockstep.recovery.service.retry;

import io.lockstep.recovery.service.item.Item;
import io.lockstep.recovery.service.item.ItemKeys;
import io.lockstep.recovery.service.item.ItemKind;
import io.lockstep.recovery.service.web.ConflictException;

/**
 * "Retry now" of an item that names no row (a record the service could not read, or one the store
 * refused): there is nothing to re-read from the source, so a retry could only fail. The API
 * answers 409 with what to do instead.
 */
class NotRetryableException extends ConflictException {

  NotRetryableException(Item item) {
    super("Not retryable", message(item));
  }

  private static String message(Item item) {
    if (!item.kind().namesARow()) {
      return "Item "
          + item.id()
          + " is a TRUNCATE of "
          + item.table()
          + " that the capture did not replicate (source.truncate: refuse); it names a table, not"
          + " a row, so a retry has nothing to re-read. The target keeps the rows the source"
          + " removed. If it should follow, reconcile the table in repair mode (POST"
          + " /api/v1/reconciliations), which deletes the rows the source lacks; otherwise"
          + " nothing needs doing. The item stays MANUAL as the record of the refused truncate.";
    }
    if (ItemKeys.namesATable(item.keyJson())) {
      return "Item "
          + item.id()
          + " is a TRUNCATE of "
          + item.table()
          + " that the target refused ("
          + item.kind()
          + ": "
          + item.lastError()
          + "); it names a table, not a row, so a retry has nothing to re-read. Fix what"
          + " refused it (a foreign key referencing the table, a permission), then reconcile the"
          + " table in repair mode (POST /api/v1/reconciliations).";
    }
    String what =
        item.kind() == ItemKind.UNSTORABLE
            ? "a record the service read but its store refused"
            : "a record the service could not read";
    return "Item "
        + item.id()
        + " is "
        + what
        + " ("
        + item.kind()
        + ", "
        + item.sourceTopic()
        + " partition "
        + item.sourcePartition()
        + " offset "
        + item.sourceOffset()
        + "). It names no row, so a retry has nothing to re-read from the source. Read its"
        + " record and error (GET /api/v1/items/"
        + item.id()
        + "), fix what wrote or refused it, and repair the row it was about with a"
        + " reconciliation (POST /api/v1/reconciliations).";
  }
}
