package io.lockstep.event;

/**
 * Builds the position strings that order changes of one key (design decision 3).
 *
 * <p>A position is compared as a plain string (byte order, {@code COLLATE "C"} on the target), so
 * every engine's positions are fixed-width and zero-padded. For PostgreSQL a position is {@code
 * pg:<commit LSN>:<change LSN>}, each LSN as 16 hex digits: changes of one row are committed in
 * order, and within one transaction their change LSNs grow.
 *
 * <p>Snapshot reads use {@link #SNAPSHOT}, which sorts before every streamed change: a snapshot
 * image is never newer than a streamed change of the same row, so replaying a snapshot can never
 * overwrite a row that streaming already brought further.
 */
public final class SourcePosition {

  /** The position of snapshot reads: lower than any streamed position. */
  public static final String SNAPSHOT = "pg:0000000000000000:0000000000000000";

  private SourcePosition() {}

  public static String postgres(long commitLsn, long changeLsn) {
    return String.format("pg:%016X:%016X", commitLsn, changeLsn);
  }

  /** PostgreSQL's own {@code X/Y} notation of an LSN, for messages. */
  public static String lsnText(long lsn) {
    return Long.toHexString(lsn >>> 32).toUpperCase()
        + "/"
        + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
  }
}
