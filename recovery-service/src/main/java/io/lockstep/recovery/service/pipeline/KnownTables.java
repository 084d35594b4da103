package io.lockstep.recovery.service.pipeline;

import java.util.Optional;
import java.util.SortedSet;

/**
 * The tables the pipeline configuration selects. The API accepts a table or column name only if it
 * is here, so that no caller-given name reaches SQL unchecked.
 */
public interface KnownTables {

  /** Names ({@code schema.table}) of the tables the pipeline replicates. */
  SortedSet<String> names();

  Optional<KnownTable> find(String name);

  /** The table, or an {@link UnknownTableException} that lists the known ones. */
  default KnownTable require(String name) {
    return find(name).orElseThrow(() -> new UnknownTableException(name, names()));
  }
}
