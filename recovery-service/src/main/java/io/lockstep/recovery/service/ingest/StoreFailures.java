package io.lockstep.recovery.service.ingest;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a failure of the store, after which the whole poll is read again, from the store refusing
 * one record, which is then kept as an unstorable item. By SQLSTATE rather than by Spring's
 * exception classes, which call an index entry too large for its btree (SQLSTATE 54000, a property
 * of that one record) a resource failure.
 */
final class StoreFailures {

  /**
   * SQLSTATE classes of a database that cannot answer now: connection (08), transaction rollback
   * such as a deadlock (40), insufficient resources (53), operator intervention such as a shutdown
   * or a cancelled statement (57), system and internal errors (58, XX).
   */
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58", "XX");

  /** Lock not available, object in use, idle-in-transaction timeout. */
  private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "55006", "25P03");

  private StoreFailures() {}

  /**
   * Whether {@code failure} says the store cannot take anything now. Everything else is first taken
   * to be about the record; should the store refuse the unstorable item too, the failure was the
   * store's after all, and the poll is read again.
   */
  static boolean isTransient(Throwable failure) {
    SQLException sql = sqlException(failure);
    if (sql == null) {
      return false;
    }
    if (sql instanceof SQLTransientException
        || sql instanceof SQLRecoverableException
        || sql instanceof SQLNonTransientConnectionException) {
      return true;
    }
    String state = sql.getSQLState();
    if (state == null || state.length() != 5) {
      // No answer from the server (the driver's own I/O errors carry a state).
      return true;
    }
    return TRANSIENT_CLASSES.contains(state.substring(0, 2)) || TRANSIENT_STATES.contains(state);
  }

  /** What an operator reads in the item: SQLSTATE and the database's message. */
  static String reason(Throwable failure) {
    SQLException sql = sqlException(failure);
    if (sql == null) {
      return failure.toString();
    }
    return "SQLSTATE " + sql.getSQLState() + ": " + sql.getMessage();
  }

  /**
   * What the log says: the SQLSTATE or the exception's class, never the message, which may quote
   * the record's values.
   */
  static String code(Throwable failure) {
    SQLException sql = sqlException(failure);
    return sql == null ? failure.getClass().getSimpleName() : "SQLSTATE " + sql.getSQLState();
  }

  private static SQLException sqlException(Throwable failure) {
    // Bounded: a chain of causes can loop.
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
