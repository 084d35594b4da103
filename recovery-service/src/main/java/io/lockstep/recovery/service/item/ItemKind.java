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

  /** Whether this kind comes from the failed-rows topic (else from discrepancies). */
  public boolean failedRow() {
    return failedRow;
  }

  public static ItemKind of(FailedRow.Kind kind) {
    return switch (kind) {
      case REJECTED -> REJECTED;
      case PARKED -> PARKED;
      case UNDECODABLE -> UNDECODABLE;
      case RESOLVED -> throw new IllegalArgumentException("a resolved record is not an item kind");
    };
  }

  public static ItemKind of(Discrepancy.Kind kind) {
    return switch (kind) {
      case MISSING -> MISSING;
      case UNEXPECTED -> UNEXPECTED;
      case DIFFERENT -> DIFFERENT;
    };
  }
}
