package io.lockstep.runner.compare;

import java.util.List;

/**
 * The result of comparing one table on source and target, row by row.
 *
 * @param table {@code schema.table}
 * @param sourceRows rows on the source
 * @param targetRows rows on the target
 * @param missing keys on the source but not the target
 * @param unexpected keys on the target but not the source
 * @param different keys on both whose values differ
 * @param examples a few of the differences, described for a person
 */
public record TableComparison(
    String table,
    long sourceRows,
    long targetRows,
    long missing,
    long unexpected,
    long different,
    List<String> examples) {

  public boolean matches() {
    return missing == 0 && unexpected == 0 && different == 0;
  }

  @Override
  public String toString() {
    return matches()
        ? String.format("%-28s %8d rows  match", table, sourceRows)
        : String.format(
            "%-28s %8d rows on source, %d on target: %d missing, %d unexpected, %d different%s",
            table,
            sourceRows,
            targetRows,
            missing,
            unexpected,
            different,
            examples.isEmpty() ? "" : "\n      e.g. " + String.join("\n      e.g. ", examples));
  }
}
