package io.lockstep.recovery.sync;

import io.lockstep.engines.Engines;
import io.lockstep.event.SourcePosition;
import io.lockstep.types.Engine;

/**
 * The position force-sync writes a row at (see {@link ForceSync} for why it is right): the greatest
 * of the positions known to be contained in the source row just read.
 */
final class SyncPosition {

  private SyncPosition() {}

  /**
   * The greatest of {@code candidates} that are not null (positions compare as strings, as the
   * guard compares them); when none is, the lowest position of epoch 0, which then only names the
   * image (there is no guard to pass: metadata columns are off).
   */
  static String choose(Engine source, String... candidates) {
    String greatest = null;
    for (String candidate : candidates) {
      if (candidate != null && (greatest == null || candidate.compareTo(greatest) > 0)) {
        greatest = candidate;
      }
    }
    return greatest != null ? greatest : epochFloor(source, 0);
  }

  /** The lowest position of {@code epoch} in the form of {@code source}'s positions. */
  static String epochFloor(Engine source, long epoch) {
    return Engines.of(source).snapshotPosition(epoch);
  }

  /**
   * Refuses a {@code knownPosition} that is not a position of a {@code source} pipeline ({@link
   * SourcePosition#problem}, the check the apply job makes of every change): compared with the
   * stored ones, it would win or lose by its form, not by its place in the source's log.
   */
  static void check(Engine source, String knownPosition) {
    if (knownPosition == null) {
      return;
    }
    String problem = SourcePosition.problem(knownPosition, source.positionForm());
    if (problem != null) {
      throw new IllegalArgumentException(
          "known position is not a position of a "
              + source.displayName()
              + " source: "
              + problem
              + "; pass a position of this pipeline's events, or none");
    }
  }
}
