package io.lockstep.failure;

import io.lockstep.event.ChangeEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A record of the dead-letter topic {@code <prefix>.failed-rows}: a change the target did not take,
 * a later change of the same row held back behind it, or the news that the row is consistent again.
 *
 * @param kind what this record says
 * @param pipeline the pipeline that wrote it
 * @param table source table, {@code database.schema.table}
 * @param keyJson the row's primary key as JSON, as in the change topic's record key
 * @param position source position of the change
 * @param error why the target rejected it; null for {@link Kind#PARKED} and {@link Kind#RESOLVED}
 * @param attempts how many times the change was sent to the target
 * @param at when this record was written
 * @param relatedPosition for {@code PARKED}, the position of the rejected change it waits behind;
 *     for {@code RESOLVED}, the position of the change that made the row consistent
 * @param event the change itself; null only for {@link Kind#UNDECODABLE} and {@link
 *     Kind#NOT_CAPTURED}
 * @param raw for {@code UNDECODABLE}, the record value as text
 */
public record FailedRow(
    Kind kind,
    String pipeline,
    String table,
    String keyJson,
    String position,
    Error error,
    int attempts,
    Instant at,
    String relatedPosition,
    ChangeEvent event,
    String raw) {

  public FailedRow {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }

  /** What a failed-rows record says. */
  public enum Kind {
    /** The target rejected this change for its content; the row's key is parked. */
    REJECTED,
    /** A change of a parked key that could not be tried: it holds only part of the row. */
    PARKED,
    /** A later full image of a parked key was applied: the row is consistent again. */
    RESOLVED,
    /**
     * A change-topic record that apply or the verifier refused: not a change event this build can
     * read, or one that is not this pipeline's (a foreign table, a malformed or forged position).
     * Nothing was written; {@code raw} holds the start of the record and the error says why.
     */
    UNDECODABLE,
    /**
     * A source row the capture could not carry: a value it cannot represent exactly, or a change
     * record over {@code kafka.max-record-bytes}. The key and the reason are here, the row is not;
     * the recovery service re-reads the row from the source to repair it.
     */
    NOT_CAPTURED,
    /**
     * A {@code TRUNCATE} of a source table that the capture did not replicate because {@code
     * source.truncate} is {@code refuse}: the target keeps the rows the source removed. The table,
     * the truncate's position and the reason are here; the key is {@code {}} (a truncate names no
     * row). Never retried: an operator decides whether the target follows
     * (docs/failure-handling.md).
     */
    TRUNCATE_REFUSED
  }

  /**
   * The target's error.
   *
   * @param errorClass the exception class
   * @param sqlState SQLSTATE, where the driver gives one
   * @param vendorCode the database's own error code
   * @param message the database's message
   */
  public record Error(String errorClass, String sqlState, int vendorCode, String message) {}
}
