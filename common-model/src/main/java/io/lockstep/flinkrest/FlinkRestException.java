package io.lockstep.flinkrest;

import java.io.IOException;
import java.net.URI;

/**
 * A call to Flink's REST API that failed: the JobManager did not answer, or answered with an error
 * status. The message names the method, the URL (without any user information) and the HTTP status.
 */
public class FlinkRestException extends IOException {

  /** The status of a call that got no answer. */
  public static final int NO_ANSWER = -1;

  private final URI url;
  private final int status;
  private final String body;

  FlinkRestException(String message, URI url, int status, String body, Throwable cause) {
    super(message, cause);
    this.url = url;
    this.status = status;
    this.body = body;
  }

  /** The URL that was called, without user information. */
  public URI url() {
    return url;
  }

  /** The HTTP status, or {@link #NO_ANSWER}. */
  public int status() {
    return status;
  }

  /** Whether the JobManager answered at all. */
  public boolean answered() {
    return status != NO_ANSWER;
  }

  /** The body of the answer, empty when there was none. */
  public String body() {
    return body;
  }
}
