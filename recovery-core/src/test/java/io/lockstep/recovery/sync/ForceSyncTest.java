package io.lockstep.recovery.sync;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What force-sync refuses before it touches a database (its pools connect lazily). */
class ForceSyncTest {

  private static final PipelineConfig CONFIG =
      new PipelineConfigLoader(Map.of("SRC_PW", "x", "DST_PW", "y")::get)
          .parse(
              """
              pipeline:
                name: orders
              source:
                type: postgres
                host: 127.0.0.1
                port: 1
                database: shop
                user: reader
                password-env: SRC_PW
                tables: ["public\\\\..*"]
              target:
                type: postgres
                host: 127.0.0.1
                port: 1
                database: copy
                user: writer
                password-env: DST_PW
              kafka:
                bootstrap-servers: 127.0.0.1:1
              """,
              "(test pipeline)");

  @Test
  void tableNamesMustBeQualifiedAsEventsQualifyThem() {
    try (ForceSync sync = ForceSync.open(CONFIG)) {
      assertThatThrownBy(() -> sync.sync("orders", List.of(Map.of("id", 1)), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected database.schema.table");
      assertThatThrownBy(() -> sync.sync("other.public.orders", List.of(Map.of("id", 1)), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reads database 'shop'");
    }
  }

  @Test
  void knownPositionsMustBeThePipelines() {
    try (ForceSync sync = ForceSync.open(CONFIG)) {
      assertThatThrownBy(
              () -> sync.sync("shop.public.orders", List.of(Map.of("id", 1)), "my:nonsense"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
