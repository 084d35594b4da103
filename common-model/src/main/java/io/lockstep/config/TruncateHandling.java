package io.lockstep.config;

/**
 * The values of {@code source.truncate}: what the pipeline does with a {@code TRUNCATE} of a
 * captured table on the source.
 */
public enum TruncateHandling implements Choice {
  /** Empty the target table too, in order with the row changes around the truncate. */
  REPLICATE,
  /**
   * Keep the target's rows: the capture dead-letters the truncate ({@code truncate_refused}),
   * counts it, and the stream goes on.
   */
  REFUSE;
}
