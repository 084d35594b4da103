package io.lockstep.event;

/** What happened to a row. The code is the single letter used on the wire. */
public enum Operation {
  /** A row read by the initial (or a re-)snapshot. */
  SNAPSHOT_READ("r"),
  INSERT("c"),
  UPDATE("u"),
  DELETE("d"),
  /**
   * Every row of the table removed ({@code TRUNCATE}): no key, no row images, no columns; its
   * position is where the truncate is in the source's log (docs/architecture.md, "Truncate").
   */
  TRUNCATE("t");

  private final String code;

  Operation(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Operation fromCode(String code) {
    for (Operation op : values()) {
      if (op.code.equals(code)) {
        return op;
      }
    }
    throw new IllegalArgumentException(
        "unknown operation code '" + code + "' (expected one of r, c, u, d, t)");
  }
}
