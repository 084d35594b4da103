package io.lockstep.discrepancy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A difference between source and target that the verifier confirmed by re-reading the source: the
 * record of the {@code <prefix>.discrepancies} topic ({@link DiscrepancyCodec}, documented in
 * docs/verification.md), consumed by the recovery service.
 *
 * @param pipeline the pipeline's name
 * @param table the source table, {@code schema.table}
 * @param keyJson the primary-key values as JSON, as in the change topics' record keys
 * @param kind what differs
 * @param columns for {@link Kind#DIFFERENT}, the differing columns; empty otherwise (null reads as
 *     empty)
 * @param position the source position of the change the check was for
 * @param commitTime when the source committed that change
 * @param detectedAt when the verifier confirmed the difference
 */
public record Discrepancy(
    String pipeline,
    String table,
    String keyJson,
    Kind kind,
    List<ColumnDifference> columns,
    String position,
    Instant commitTime,
    Instant detectedAt) {

  public Discrepancy {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(keyJson, "keyJson");
    Objects.requireNonNull(kind, "kind");
    columns = columns == null ? List.of() : List.copyOf(columns);
  }

  public enum Kind {
    /** The source has the row, the target does not. */
    MISSING,
    /** The target has a row the source does not. */
    UNEXPECTED,
    /** Both have the row, with different values. */
    DIFFERENT
  }

  /**
   * One differing column, with both values in the shared normaliser's canonical text (null for
   * NULL), or {@link #MASKED} for a column named in {@code verify.masked-columns}.
   */
  public record ColumnDifference(String column, String source, String target) {}

  /** The text that stands for the values of masked columns. */
  public static final String MASKED = "***";
}
