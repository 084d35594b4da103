package io.lockstep.engine.mariadb;

import io.lockstep.engine.DefaultSyntax;
import io.lockstep.event.ColumnSchema;

/** Column defaults as MariaDB and MySQL spell them: function defaults in parentheses. */
final class MariaDbDefaults implements DefaultSyntax {

  @Override
  public String generatedKey() {
    return "AUTO_INCREMENT";
  }

  @Override
  public String newUuid() {
    return "(uuid())";
  }

  @Override
  public String currentDate() {
    return "(curdate())";
  }

  @Override
  public String currentTime() {
    return "(curtime())";
  }

  @Override
  public String now(ColumnSchema column) {
    // The default's precision must fit the column's.
    Integer fraction = column.length();
    return fraction == null || fraction == 0
        ? "CURRENT_TIMESTAMP"
        : "CURRENT_TIMESTAMP(" + Math.min(fraction, 6) + ")";
  }

  @Override
  public String bool(boolean value) {
    return value ? "1" : "0";
  }

  @Override
  public String quote(String text) {
    // Outside NO_BACKSLASH_ESCAPES, a backslash escapes the next character in a MariaDB literal.
    return "'" + text.replace("'", "''").replace("\\", "\\\\") + "'";
  }
}
