package io.lockstep.recovery.service.pipeline;

/** The source database did not answer; the API answers 503, the caller may try again. */
public class SourceUnavailableException extends RuntimeException {

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
