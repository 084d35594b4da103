package io.lockstep.recovery.sync;

import io.lockstep.event.ChangeEvent;
import java.util.Map;

/**
 * What force-sync did with one row.
 *
 * @param key the row's key values, as asked for
 * @param action what was written
 * @param consistent whether the target row, read back after the write, equals the source row read
 *     for it (through the shared normaliser); false also when a newer change overtook the write, in
 *     which case replication brings the row up to date
 * @param position the source position written with the row (and compared by the position guard);
 *     null when nothing was written
 * @param image the source row as a snapshot-read event at {@code position}, for the caller to
 *     publish; present when the source has the row (for {@link Action#UPSERTED} and for {@link
 *     Action#ALREADY_CONSISTENT} rows that exist), null for deletes, absent rows and failures
 * @param detail why a row failed (SQLSTATE and the target's message), or a remark on a written row
 *     (source columns the target lacks); null otherwise
 */
public record SyncResult(
    Map<String, Object> key,
    Action action,
    boolean consistent,
    String position,
    ChangeEvent image,
    String detail) {

  public enum Action {
    /** The source row was written over the target row (or inserted). */
    UPSERTED,
    /** The source has no such row; the target row was deleted. */
    DELETED,
    /** The target already held the source row (or neither side has it); nothing was written. */
    ALREADY_CONSISTENT,
    /** The target refused the row for its content; {@code detail} says why. */
    FAILED
  }
}
