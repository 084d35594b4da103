package io.lockstep.capture;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The offset the capture checkpoints for a record: Debezium's own, except where Debezium would
 * resume from it wrongly.
 *
 * <p>Debezium 3.5's PostgreSQL connector loses a change when it resumes from the position of a
 * logical-decoding message (such as the capture's own heartbeat, {@code pg_logical_emit_message}).
 * The message's position is the end of its WAL record, which is also where the next record starts.
 * When the next transaction's first change is that record, the two share a position, and on resume
 * Debezium's {@code WalPositionLocator} takes the change for the message it already processed and
 * skips it (the first row of the first transaction after an idle spell, seen in {@code
 * TaskManagerFailureIT} and reproduced by {@code ResumeAfterLogicalMessageIT}). Recording such a
 * position as a {@code COMMIT} makes Debezium resume from the start of the transaction that shares
 * it instead: at worst it replays changes already sent, which the apply job's position guard
 * ignores.
 */
public final class ResumeOffset {

  /** Debezium's offset key for the kind of the last message processed. */
  static final String MESSAGE_TYPE = "messageType";

  private ResumeOffset() {}

  /** The offset to checkpoint for a record whose Debezium source offset is {@code offset}. */
  public static Map<String, Object> of(Map<String, ?> offset) {
    Map<String, Object> resume = new LinkedHashMap<>(offset);
    if ("MESSAGE".equals(String.valueOf(offset.get(MESSAGE_TYPE)))) {
      resume.put(MESSAGE_TYPE, "COMMIT");
    }
    return resume;
  }
}
