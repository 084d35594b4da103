package io.lockstep.recovery.service.item;

import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.failure.FailedRow;

/** What the newest record about an item said. */
public enum ItemKind {
  /** failed-rows: the target refused the change. */
  REJECTED(true),
  /** failed-rows: a partial change held back behind a refused one. */
  PARKED(true),
  /** failed-rows or either topic: a record that could not be read. */
  UNDECODABLE(true),
  /**
   * Either topic: a record that was read but that the store refused (the reason is the item's
   * error); kept under {@link RowlessTables#UNSTORABLE} with its value, never retried.
   */
  UNSTORABLE(true),
  /** failed-rows: the capture could not carry the source row (a value, or its size). */
  NOT_CAPTURED(true),
  /**
   * failed-rows: a source TRUNCATE the capture did not replicate ({@code source.truncate: refuse}).
   * Names a table, not a row (its key is {@code {}}): never retried; an operator decides whether
   * the target follows, then resolves it.
   */
  TRUNCATE_REFUSED(true),
  /** discrepancies: the target lacks the row. */
  MISSING(false),
  /** discrepancies: the target has a row the source does not. */
  UNEXPECTED(false),
  /** discrepancies: the row's values differ. */
  DIFFERENT(false);

  private final boolean failedRow;

  ItemKind(boolean failedRow) {
    this.failedRow = failedRow;
  }

  /**
   * Whether an item of this kind names a row that a retry can re-read from the source: a refused
   * truncate names a whole table, and a retry of its key would re-read nothing.
   */
  public boolean namesARow() {
    return this != TRUNCATE_REFUSED;
  }

  /** Whether this kind comes from the failed-rows topic (else from discrepancies). */
  public boolean failedRow() {
    return failedRow;
  }

  /**
   * The item kind of a failed-rows kind: the one of the same name. By name rather than by a switch,
   * so that this module builds against common-model before and after it gains a kind; a kind
   * without an item kind here is an undecodable record for the ingest, never a stopped one.
   *
   * @throws IllegalArgumentException for {@code RESOLVED}, and for a kind this build has no item
   *     kind of
   */
  public static ItemKind of(FailedRow.Kind kind) {
    if (kind == FailedRow.Kind.RESOLVED) {
      throw new IllegalArgumentException("a resolved record is not an item kind");
    }
    ItemKind item;
    try {
      item = valueOf(kind.name());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("failed-rows kind " + kind + " has no item kind", e);
    }
    if (!item.failedRow) {
      throw new IllegalArgumentException("failed-rows kind " + kind + " has no item kind");
    }
    return item;
  }

  public static ItemKind of(Discrepancy.Kind kind) {
    return switch (kind) {
      case MISSING -> MISSING;
      case UNEXPECTED -> UNEXPECTED;
      case DIFFERENT -> DIFFERENT;
    };
  }
}
