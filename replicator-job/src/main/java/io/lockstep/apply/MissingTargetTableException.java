package io.lockstep.apply;

import java.sql.SQLException;

/**
 * A source table whose target table does not exist (yet). The apply job waits for it, as for a
 * target that is down: a table added on the source can be created on the target afterwards.
 */
final class MissingTargetTableException extends SQLException {

  MissingTargetTableException(String message) {
    // 42P01: undefined_table.
    super(message, "42P01");
  }
}
