package io.lockstep.recovery.service.item;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gauges {@code lockstep.recovery.items{state=...}}: items by state, counted in the store every 15
 * seconds (a scrape does not query the database).
 */
@Component
public class ItemMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(ItemMetrics.class);

  private final ItemRepository items;
  private final Map<ItemState, Long> counts = new ConcurrentHashMap<>();

  public ItemMetrics(ItemRepository items, MeterRegistry meters) {
    this.items = items;
    for (ItemState state : ItemState.values()) {
      counts.put(state, 0L);
      Gauge.builder("lockstep.recovery.items", counts, c -> c.getOrDefault(state, 0L))
          .tag("state", state.name())
          .description("Failed rows and discrepancies by state")
          .register(meters);
    }
  }

  public void refresh() {
    try {
      counts.putAll(items.countByState());
    } catch (RuntimeException e) {
      LOG.warn("Counting items by state failed: {}", e.toString());
    }
  }
}
