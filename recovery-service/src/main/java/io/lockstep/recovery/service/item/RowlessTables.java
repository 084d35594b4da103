package io.lockstep.recovery.service.item;

import java.util.Set;

/**
 * The table names under which the ingest keeps a record that names no row it could use: no row can
 * be re-read from the source for them, so they are never retried, only looked at. Their key is the
 * record's place ({@code {"offset":…,"partition":…,"topic":…}}). Parentheses cannot start a {@code
 * schema.table} name the decoder accepts, so no real table is mistaken for one.
 */
public final class RowlessTables {

  /** Records that could not be read. */
  public static final String UNDECODABLE = "(undecodable)";

  /** Records that were read but that the store refused. */
  public static final String UNSTORABLE = "(unstorable)";

  public static final Set<String> ALL = Set.of(UNDECODABLE, UNSTORABLE);

  private RowlessTables() {}

  public static boolean isRowless(String table) {
    return ALL.contains(table);
  }
}
