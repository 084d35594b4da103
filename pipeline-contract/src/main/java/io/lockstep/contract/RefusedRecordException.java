package io.lockstep.contract;

/** A change-topic record that is not one of the pipeline's changes; the message says why. */
public final class RefusedRecordException extends RuntimeException {

  public RefusedRecordException(String reason) {
    super(reason, null, false, false);
  }
}
