package io.lockstep.recovery.service.web;

/**
 * A request the resource's state refuses (409), such as a retry of an item that names no row; the
 * title names the refusal, the message says what to do instead.
 */
public class ConflictException extends RuntimeException {

  private final String title;

  public ConflictException(String title, String message) {
    super(message);
    this.title = title;
  }

  public String title() {
    return title;
  }
}
