package io.lockstep.recovery.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.event.TableId;
import org.junit.jupiter.api.Test;

/** How force-sync reads a table name that events wrote, dots inside names included. */
class SyncTablesTest {

  @Test
  void aPlainNameHasOneReading() {
    assertThat(SyncTables.candidates("shop.public.orders", "shop", false, "p"))
        .containsExactly(new TableId("shop", "public", "orders"));
    assertThat(SyncTables.candidates("shop.shop.orders", "ignored", true, "p"))
        .containsExactly(new TableId("shop", "shop", "orders"));
  }

  @Test
  void dotsInsideNamesGiveEveryReadingForTheCatalogToChooseFrom() {
    assertThat(SyncTables.candidates("shop.Odd \"S\".$.Order Items.v2", "shop", false, "p"))
        .containsExactly(
            new TableId("shop", "Odd \"S\"", "$.Order Items.v2"),
            new TableId("shop", "Odd \"S\".$", "Order Items.v2"),
            new TableId("shop", "Odd \"S\".$.Order Items", "v2"));
    // On MariaDB/MySQL the schema repeats the database, which fixes the reading.
    assertThat(SyncTables.candidates("a.b.a.b.t.x", "ignored", true, "p"))
        .containsExactly(new TableId("a.b", "a.b", "t.x"));
  }

  @Test
  void aNameOutsideThePipelinesDatabaseOrUnqualifiedIsRefused() {
    assertThatThrownBy(() -> SyncTables.candidates("other.public.orders", "shop", false, "p"))
        .hasMessageContaining("reads database 'shop'");
    assertThatThrownBy(() -> SyncTables.candidates("orders", "shop", false, "p"))
        .hasMessageContaining("expected database.schema.table");
    assertThatThrownBy(() -> SyncTables.candidates("shop.orders", "shop", true, "p"))
        .hasMessageContaining("expected database.schema.table");
  }
}
