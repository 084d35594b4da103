package io.lockstep.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableNamingTest {

  @Test
  void twoSourcesRenamedOntoOneTargetAreNamed() {
    TableNaming naming = TableNaming.of(List.of("shop.orders=sales.orders"), Optional.empty());
    assertThat(naming.collisions(List.of("shop.orders", "sales.orders", "shop.items")))
        .singleElement()
        .asString()
        .contains("shop.orders, sales.orders", "target table sales.orders", "target.table-renames");
  }

  @Test
  void aCommonTargetSchemaMergesSameNamedTablesOfTwoDatabases() {
    TableNaming naming = TableNaming.of(List.of(), Optional.of("replica"));
    assertThat(naming.collisions(List.of("eu.orders", "us.orders", "eu.items")))
        .singleElement()
        .asString()
        .contains("eu.orders, us.orders", "replica.orders");
    assertThat(naming.collisions(List.of("eu.orders", "eu.items"))).isEmpty();
  }
}
