package io.lockstep.recovery.service.retry;

/**
 * What a re-sync did.
 *
 * @param consistent whether the target row now matches the source (the item is resolved)
 * @param action what was done: UPSERTED, DELETED, ALREADY_CONSISTENT, FAILED
 * @param detail for operators: the error of a failed attempt, or what was written
 */
public record ResyncOutcome(boolean consistent, String action, String detail) {

  public static ResyncOutcome failed(String detail) {
    return new ResyncOutcome(false, "FAILED", detail);
  }
}
