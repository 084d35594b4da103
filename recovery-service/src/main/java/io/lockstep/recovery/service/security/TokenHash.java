package io.lockstep.recovery.service.security;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Makes API token entries. {@code TokenHash NAME ROLE} creates a new token and prints it with its
 * entry for {@code LOCKSTEP_API_TOKENS}; with {@code --stdin} it hashes the token read from
 * standard input instead (the token never appears on a command line).
 */
public final class TokenHash {

  private TokenHash() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: TokenHash NAME viewer|operator [--stdin]");
      System.exit(2);
    }
    Role role;
    try {
      role = Role.parse(args[1]);
    } catch (IllegalArgumentException e) {
      System.err.println("the role must be viewer or operator, not " + args[1]);
      System.exit(2);
      return;
    }
    boolean fromStdin = args.length > 2 && "--stdin".equals(args[2]);
    String token;
    if (fromStdin) {
      token =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    } else {
      token = ApiTokens.newToken();
      System.out.println("token: " + token);
    }
    System.out.println(
        "entry: "
            + args[0]
            + ":"
            + role.name().toLowerCase()
            + ":sha256:"
            + ApiTokens.hash(token == null ? "" : token.strip()));
  }
}
