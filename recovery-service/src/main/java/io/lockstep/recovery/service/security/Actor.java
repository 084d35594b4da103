package io.lockstep.recovery.service.security;

import jakarta.servlet.http.HttpServletRequest;

/** Who made a request, as the bearer-token filter found it; kept on the request for the audit. */
public final class Actor {

  static final String ATTRIBUTE = Actor.class.getName();
  public static final String ANONYMOUS = "anonymous";
  public static final String INVALID_TOKEN = "invalid-token";

  private Actor() {}

  public static String of(HttpServletRequest request) {
    Object actor = request.getAttribute(ATTRIBUTE);
    return actor == null ? ANONYMOUS : actor.toString();
  }

  /** Whether the request carried one of the configured tokens (whatever its role). */
  public static boolean authenticated(HttpServletRequest request) {
    Object actor = request.getAttribute(ATTRIBUTE);
    return actor != null && !INVALID_TOKEN.equals(actor);
  }

  static void set(HttpServletRequest request, String actor) {
    request.setAttribute(ATTRIBUTE, actor);
  }
}
