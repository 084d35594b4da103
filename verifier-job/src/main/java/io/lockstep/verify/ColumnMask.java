package io.lockstep.verify;

import io.lockstep.discrepancy.Discrepancy;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The columns whose values a discrepancy names but does not show ({@code verify.masked-columns}).
 */
final class ColumnMask implements Serializable {

  private final List<Pattern> patterns;

  ColumnMask(List<String> regexes) {
    this.patterns = regexes.stream().map(Pattern::compile).toList();
  }

  /** {@code differences} of {@code table} ({@code schema.table}), masked where configured. */
  List<Discrepancy.ColumnDifference> apply(
      String table, List<Discrepancy.ColumnDifference> differences) {
    return differences.stream()
        .map(
            d ->
                masked(table + "." + d.column())
                    ? new Discrepancy.ColumnDifference(
                        d.column(), Discrepancy.MASKED, Discrepancy.MASKED)
                    : d)
        .toList();
  }

  private boolean masked(String column) {
    return patterns.stream().anyMatch(p -> p.matcher(column).matches());
  }
}
