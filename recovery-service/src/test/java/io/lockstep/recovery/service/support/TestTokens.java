package io.lockstep.recovery.service.support;

import io.lockstep.recovery.service.security.ApiTokens;

/** Tokens of the tests, and the value of {@code lockstep.api.tokens} that knows them. */
public final class TestTokens {

  public static final String VIEWER = "viewer-token-0123456789";
  public static final String OPERATOR = "operator-token-0123456789";

  public static final String PROPERTY =
      "vera:viewer:sha256:"
          + ApiTokens.hash(VIEWER)
          + ",otto:operator:sha256:"
          + ApiTokens.hash(OPERATOR);

  private TestTokens() {}

  public static String bearer(String token) {
    return "Bearer " + token;
  }
}
