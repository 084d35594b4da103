package io.lockstep.engine;

/**
 * A partition that the source's catalog lists as a table of its own (PostgreSQL), with the root
 * partitioned table it belongs to. Lockstep captures and writes it as that root.
 */
public record TablePartition(String schema, String name, String rootSchema, String rootName) {

  /** {@code schema.partition}. */
  public String qualified() {
    return schema + "." + name;
  }

  /** {@code schema.root}. */
  public String rootQualified() {
    return rootSchema + "." + rootName;
  }
}
