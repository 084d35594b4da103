package io.lockstep.verify;

import java.util.concurrent.CompletionException;

/**
 * A row lookup that failed for a reason retrying cannot change (a key value the column's type
 * refuses, a query the database rejects): the row is left unverified and counted ({@code
 * lockstepVerifyLookupsFailed}), where retrying would hold the verifier for good.
 */
final class LookupFailedException extends RuntimeException {

  LookupFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether {@code error}, as a lookup's future completed with it, is such a failure. */
  static boolean is(Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    return cause instanceof LookupFailedException;
  }
}
