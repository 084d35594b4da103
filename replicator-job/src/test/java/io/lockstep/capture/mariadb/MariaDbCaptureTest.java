package io.lockstep.capture.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.capture.TestConfigs;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The MariaDB capture's own connector settings: the binlog server id and the database list. */
class MariaDbCaptureTest {

  @Test
  void serverIdIsStablePerPipelineAndClearOfSmallIds() {
    long shop = MariaDbCapture.serverId(TestConfigs.pipeline("shop", "mariadb"));
    assertThat(MariaDbCapture.serverId(TestConfigs.pipeline("shop", "mariadb"))).isEqualTo(shop);
    assertThat(MariaDbCapture.serverId(TestConfigs.pipeline("billing", "mariadb")))
        .isNotEqualTo(shop);
    for (String name : List.of("a", "b", "shop", "x1", "pipeline_with_a_long_name")) {
      long id = MariaDbCapture.serverId(TestConfigs.pipeline(name, "mariadb"));
      assertThat(id).isBetween(5400L, (long) Integer.MAX_VALUE).isNotEqualTo(1L);
    }
    Properties p = new Properties();
    new MariaDbCapture()
        .debeziumProperties(TestConfigs.pipeline("shop", "mariadb", "source.server-id: 1234"), p);
    assertThat(p.getProperty("database.server.id")).isEqualTo("1234");
  }

  @Test
  void databasesAreListedOnlyWhenEveryPatternNamesOne() {
    assertThat(MariaDbCapture.databaseIncludeList(List.of("shop\\.orders", "crm.customers")))
        .hasValue("shop,crm");
    assertThat(MariaDbCapture.databaseIncludeList(List.of("shop\\.orders", "(a|b)\\..*")))
        .isEmpty();
    // The first dot is a regex wildcard, not the separator: no database can be derived.
    assertThat(MariaDbCapture.databaseIncludeList(List.of("tenant.*\\.orders"))).isEmpty();
    assertThat(MariaDbCapture.databaseIncludeList(List.of("shop\\.orders|crm\\.orders"))).isEmpty();
    assertThat(MariaDbCapture.databaseIncludeList(List.of("shop\\..*"))).hasValue("shop");
  }
}
