package io.lockstep.verify;

/**
 * A row the target check found different from its change event, on its way to the source re-check:
 * the encoded change event and the encoded {@link io.lockstep.discrepancy.Discrepancy} that will be
 * reported if the source confirms it. A Flink POJO.
 */
public class Suspect {

  /** The change event (change topics' format). */
  public byte[] event;

  /** The discrepancy record key (table and primary key). */
  public byte[] key;

  /** The discrepancy as it would be reported. */
  public byte[] discrepancy;

  public Suspect() {}

  public Suspect(byte[] event, byte[] key, byte[] discrepancy) {
    this.event = event;
    this.key = key;
    this.discrepancy = discrepancy;
  }
}
