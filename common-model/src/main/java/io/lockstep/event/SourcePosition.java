package io.lockstep.event;

/**
 * Builds the position strings that order changes of one key (design decision 3).
 *
 * <p>A position is compared as a plain string (byte order, {@code COLLATE "C"} on the target), so
 * every part is fixed-width, zero-padded hex, and every position of a pipeline has the same form
 * (the source engine decides which). For PostgreSQL a position is {@code pg:<epoch>:<commit
 * LSN>:<change LSN>}:
 *
 * <ul>
 *   <li>The <em>epoch</em> numbers the snapshot attempts of a pipeline. It changes only when a
 *       snapshot is started (first start, or the capture died before the snapshot completed and
 *       Debezium redoes it and streams from the new snapshot's point). Everything read in a later
 *       epoch is newer than everything read in an earlier one, and the apply job removes what an
 *       earlier epoch wrote that the new snapshot no longer holds (see docs/failure-handling.md).
 *   <li>Within an epoch, snapshot reads are {@code <epoch>:0:0}, below every streamed change: a
 *       snapshot image is never newer than a streamed change of the same row. Reads of an
 *       <em>incremental</em> snapshot (a table re-snapshotted on demand while streaming) are the
 *       exception: each carries the stream position at which Debezium emits its chunk, because the
 *       chunk holds the rows as of that point (docs/architecture.md, Decisions).
 *   <li>Streamed changes carry Debezium's {@code sequence}: the commit LSN of the preceding
 *       transaction and the change's own LSN. pgoutput streams transactions in commit order, so the
 *       pair grows in stream order.
 * </ul>
 *
 * <p>For MariaDB/MySQL a position is {@code my:<epoch>:<binlog file index>:<binlog
 * position>:<event>:<row>} (16, 8, 16, 8 and 8 hex digits): the binlog file's number ({@code
 * mysql-bin.000042} is 0x2A), and Debezium's restart point of the change: the position where its
 * transaction starts, the events of that transaction before the change's event, and the rows of
 * that event up to and including the change. The binlog holds transactions in commit order, so the
 * tuple grows in binlog order, within a transaction too. Snapshot reads are {@code
 * <epoch>:0:0:0:0}, as for PostgreSQL.
 */
public final class SourcePosition {

  private static final String POSTGRES = "pg:";
  private static final String MARIADB = "my:";

  private SourcePosition() {}

  public static String postgres(long epoch, long commitLsn, long changeLsn) {
    // Built by hand: String.format cost a few percent of the capture's CPU (benchmarks.md).
    char[] text = new char[3 + 3 * 16 + 2];
    text[0] = 'p';
    text[1] = 'g';
    text[2] = ':';
    hex(epoch, 16, text, 3);
    text[19] = ':';
    hex(commitLsn, 16, text, 20);
    text[36] = ':';
    hex(changeLsn, 16, text, 37);
    return new String(text);
  }

  /**
   * A MariaDB/MySQL position. The file index and the event and row counts must fit in 32 bits
   * (unsigned).
   */
  public static String mariadb(
      long epoch, long binlogFileIndex, long binlogPosition, long event, long row) {
    char[] text = new char[3 + 16 + 1 + 8 + 1 + 16 + 1 + 8 + 1 + 8];
    text[0] = 'm';
    text[1] = 'y';
    text[2] = ':';
    hex(epoch, 16, text, 3);
    text[19] = ':';
    hex(binlogFileIndex, 8, text, 20);
    text[28] = ':';
    hex(binlogPosition, 16, text, 29);
    text[45] = ':';
    hex(event, 8, text, 46);
    text[54] = ':';
    hex(row, 8, text, 55);
    return new String(text);
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** {@code digits} upper-case hex digits, zero-padded, as {@code %0<digits>X} writes them. */
  private static void hex(long value, int digits, char[] into, int at) {
    if (digits < 16 && (value >>> (4 * digits)) != 0) {
      throw new IllegalArgumentException(
          "position part " + Long.toUnsignedString(value) + " does not fit " + digits + " digits");
    }
    for (int i = digits - 1; i >= 0; i--) {
      into[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }

  /** The position of PostgreSQL snapshot reads of {@code epoch}. */
  public static String snapshot(long epoch) {
    return postgres(epoch, 0, 0);
  }

  /** The position of MariaDB/MySQL snapshot reads of {@code epoch}. */
  public static String mariadbSnapshot(long epoch) {
    return mariadb(epoch, 0, 0, 0, 0);
  }

  /**
   * The lowest PostgreSQL position of {@code epoch}: every position of an earlier epoch sorts below
   * it. For a pipeline of any source, use {@link #epochFloor(String, long)}.
   */
  public static String epochFloor(long epoch) {
    return snapshot(epoch);
  }

  /**
   * The lowest position of {@code epoch} in the form of {@code sameFormAs}, a position of the same
   * pipeline: every position of an earlier epoch sorts below it. Positions of different forms never
   * compare meaningfully ({@code my:} sorts below every {@code pg:}), so a floor must take the form
   * of the positions it is compared with.
   */
  public static String epochFloor(String sameFormAs, long epoch) {
    if (sameFormAs != null && sameFormAs.startsWith(MARIADB)) {
      return mariadbSnapshot(epoch);
    }
    if (sameFormAs != null && sameFormAs.startsWith(POSTGRES)) {
      return snapshot(epoch);
    }
    throw new IllegalArgumentException("not a Lockstep source position: " + sameFormAs);
  }

  /**
   * The two forms of position, one per kind of source log: where the ':' separators are after the
   * three-character prefix, the length, and how the form is spelled in errors.
   */
  public enum Form {
    /** A PostgreSQL source's: epoch, commit LSN, LSN. */
    LSN(
        POSTGRES,
        53,
        new int[] {19, 36},
        "PostgreSQL",
        "pg:<16 hex epoch>:<16 hex commit LSN>:<16 hex LSN>"),
    /** A MariaDB/MySQL source's: epoch, binlog file, position, event, row. */
    BINLOG(
        MARIADB,
        63,
        new int[] {19, 28, 45, 54},
        "MariaDB/MySQL",
        "my:<16 hex epoch>:<8 hex file>:<16 hex position>:<8 hex event>:<8 hex row>");

    private final String prefix;
    private final int length;
    private final int[] colons;
    private final String source;
    private final String spelled;

    Form(String prefix, int length, int[] colons, String source, String spelled) {
      this.prefix = prefix;
      this.length = length;
      this.colons = colons;
      this.source = source;
      this.spelled = spelled;
    }
  }

  /**
   * Whether {@code position} has exactly the form {@link #postgres} or {@link #mariadb} writes.
   * Checked by hand, not by a regular expression: the apply job checks every record.
   */
  private static boolean hasForm(String position, String prefix, int length, int[] colons) {
    if (position.length() != length || !position.startsWith(prefix)) {
      return false;
    }
    // The epoch is a signed long's worth: 2^63 and above would read as negative.
    if (position.charAt(3) > '7') {
      return false;
    }
    int next = 0;
    for (int i = 3; i < length; i++) {
      char c = position.charAt(i);
      if (next < colons.length && i == colons[next]) {
        if (c != ':') {
          return false;
        }
        next++;
      } else if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Why {@code position} is not a position of {@code form} (the source engine's, {@code
   * Engine.positionForm()}) as the capture writes it, or null when it is one. Positions are
   * compared as strings, so one of another form (say {@code "~"}, which sorts above every real
   * position) would freeze its row on the target for good: the guard would skip every later change
   * of it.
   */
  public static String problem(String position, Form form) {
    if (position == null) {
      return "the change event has no position";
    }
    if (hasForm(position, form.prefix, form.length, form.colons)) {
      return null;
    }
    String shown = position.length() > 80 ? position.substring(0, 80) + "..." : position;
    return "position '"
        + shown
        + "' is not of the form a "
        + form.source
        + " source's capture writes ("
        + form.spelled
        + ", upper-case hex)";
  }

  /** The epoch of a position, of either form. */
  public static long epochOf(String position) {
    if (position == null
        || !(position.startsWith(POSTGRES) || position.startsWith(MARIADB))
        || position.length() < 19) {
      throw new IllegalArgumentException("not a Lockstep source position: " + position);
    }
    return Long.parseUnsignedLong(position.substring(3, 19), 16);
  }
}
