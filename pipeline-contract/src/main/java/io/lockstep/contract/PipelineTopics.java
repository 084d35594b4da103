package io.lockstep.contract;

import io.lockstep.event.TableId;
import java.util.regex.Pattern;

/**
 * The names of a pipeline's topics, the one place they are spelled. Every topic of a pipeline
 * starts with its prefix ({@code kafka.topic-prefix}): one change topic per table, {@code
 * <prefix>.<db>.<schema>.<table>}, and three of the pipeline's own, which have no further dot.
 */
public final class PipelineTopics {

  /** The dead letters: rows and records that could not be captured, applied or read. */
  public static final String FAILED_ROWS = "failed-rows";

  /** What the verifier found different between source and target. */
  public static final String DISCREPANCIES = "discrepancies";

  /** The capture's epoch announcements ({@link CaptureEpochs}). */
  public static final String EPOCHS = "epochs";

  private PipelineTopics() {}

  /** {@code <prefix>.failed-rows}. */
  public static String failedRows(String prefix) {
    return prefix + "." + FAILED_ROWS;
  }

  /** {@code <prefix>.discrepancies}. */
  public static String discrepancies(String prefix) {
    return prefix + "." + DISCREPANCIES;
  }

  /** {@code <prefix>.epochs}. */
  public static String epochs(String prefix) {
    return prefix + "." + EPOCHS;
  }

  /** The change topic of one table: {@code <prefix>.<db>.<schema>.<table>}. */
  public static String changes(String prefix, TableId table) {
    return table.topic(prefix);
  }

  /** Every change topic of a pipeline, and none of its own topics. */
  public static Pattern changeTopics(String prefix) {
    return Pattern.compile(
        Pattern.quote(prefix) + "\\.(?!" + FAILED_ROWS + "$|" + DISCREPANCIES + "$)[^.]+\\..+");
  }
}
