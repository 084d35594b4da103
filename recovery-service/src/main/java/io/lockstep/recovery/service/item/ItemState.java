package io.lockstep.recovery.service.item;

/** Where an item is in its recovery (docs/recovery-service.md has the transitions). */
public enum ItemState {
  /** Waiting for its next automatic attempt ({@code next_attempt_at}). */
  PENDING,
  /** Taken by an instance's retry scheduler, until its lease ends. */
  RETRYING,
  /** The row is consistent again: a retry made it so, or the apply job wrote a later full image. */
  RESOLVED,
  /** The last automatic attempt failed; a reconciliation of its key was queued (tier 2). */
  ESCALATED,
  /** Cannot be retried automatically (a record nobody could decode); an operator must look. */
  MANUAL
}
