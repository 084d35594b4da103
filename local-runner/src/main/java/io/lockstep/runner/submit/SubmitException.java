package io.lockstep.runner.submit;

/** A submission that cannot go on; the message says what went wrong and what to do. */
public final class SubmitException extends Exception {

  public SubmitException(String message) {
    super(message);
  }

  public SubmitException(String message, Throwable cause) {
    super(message, cause);
  }
}
