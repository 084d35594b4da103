package io.lockstep.recovery.service.web;

/** A request the API refuses for its content (400); the message says what to change. */
public class InvalidRequestException extends RuntimeException {

  public InvalidRequestException(String message) {
    super(message);
  }
}
