package io.lockstep.recovery.service.item;

import java.time.Instant;
import java.util.Set;

/**
 * Which items a listing shows; null fields do not filter.
 *
 * @param kinds the kinds to show; empty for all
 * @param since items seen at or after this time
 */
public record ItemFilter(String table, ItemState state, Set<ItemKind> kinds, Instant since) {

  public ItemFilter {
    kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
  }
}
