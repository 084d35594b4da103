package io.lockstep.recovery.service.security;

import java.util.Locale;

/** What a token may do. */
public enum Role {
  /** Read: every GET of the API. */
  VIEWER,
  /** Everything a viewer may, and every mutating call. */
  OPERATOR;

  static Role parse(String text) {
    return Role.valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
