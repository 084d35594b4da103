package io.lockstep.recovery.service.web;

/** The resource a path names does not exist (404). */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
