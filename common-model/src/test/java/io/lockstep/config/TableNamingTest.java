package io.lockstep.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.TableId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableNamingTest {

  @Test
  void twoSourcesRenamedOntoOneTargetAreNamed() {
    TableNaming naming = TableNaming.of(List.of("shop.orders=sales.orders"), Optional.empty());
    assertThat(naming.collisions(ids("shop.orders", "sales.orders", "shop.items")))
        .singleElement()
        .asString()
        .contains("shop.orders, sales.orders", "target table sales.orders", "target.table-renames");
  }

  @Test
  void aCommonTargetSchemaMergesSameNamedTablesOfTwoDatabases() {
    TableNaming naming = TableNaming.of(List.of(), Optional.of("replica"));
    assertThat(naming.collisions(ids("eu.orders", "us.orders", "eu.items")))
        .singleElement()
        .asString()
        .contains("eu.orders, us.orders", "replica.orders");
    assertThat(naming.collisions(ids("eu.orders", "eu.items"))).isEmpty();
  }

  @Test
  void aSchemaWithADotIsNeverSplitThere() {
    TableNaming naming = TableNaming.of(List.of(), Optional.empty());
    // "a.b"."c" and "a"."b.c" are different tables with different targets.
    assertThat(naming.collisions(List.of(new TableId("", "a.b", "c"), new TableId("", "a", "b.c"))))
        .isEmpty();
  }

  private static List<TableId> ids(String... schemaDotTable) {
    return java.util.Arrays.stream(schemaDotTable)
        .map(n -> new TableId("", n.substring(0, n.indexOf('.')), n.substring(n.indexOf('.') + 1)))
        .toList();
  }
}
