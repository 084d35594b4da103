package io.lockstep.recovery.service.support;

import io.lockstep.recovery.service.pipeline.KnownTable;
import io.lockstep.recovery.service.pipeline.KnownTables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** Known tables for API slices: {@code shop.customers (id)} and {@code shop.order_lines}. */
public class FakeKnownTables implements KnownTables {

  private final Map<String, KnownTable> tables =
      Map.of(
          "shop.customers",
          new KnownTable("shop.customers", List.of("id"), List.of("id", "name", "email")),
          "shop.order_lines",
          new KnownTable(
              "shop.order_lines",
              List.of("order_id", "line"),
              List.of("order_id", "line", "amount")));

  @Override
  public SortedSet<String> names() {
    return new TreeSet<>(tables.keySet());
  }

  @Override
  public Optional<KnownTable> find(String name) {
    return Optional.ofNullable(tables.get(name));
  }
}
