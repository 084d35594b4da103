package io.lockstep.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.engine.ConnectionDialect;
import io.lockstep.types.Engine;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each engine's URL, driver properties and session setup, as every connection gets them. */
class ConnectionsTest {

  @Test
  void postgresConnectionsNameThemselvesAndCountSeconds() {
    ConnectionDialect postgres = Engines.of(Engine.POSTGRES).connections();
    assertThat(postgres.defaultPort()).isEqualTo(5432);
    assertThat(postgres.jdbcUrl("db", 5433, "shop")).isEqualTo("jdbc:postgresql://db:5433/shop");
    assertThat(postgres.applicationName("lockstep-preflight"))
        .isEqualTo(Map.of("ApplicationName", "lockstep-preflight"));
    assertThat(postgres.connectTimeout(Duration.ofSeconds(10)))
        .isEqualTo(Map.of("connectTimeout", "10"));
    assertThat(postgres.sessionSetupSql()).isEmpty();
  }

  @Test
  void mariaDbSessionsAreUtcAndStrictAndCountMilliseconds() {
    ConnectionDialect mariaDb = Engines.of(Engine.MARIADB).connections();
    assertThat(mariaDb.defaultPort()).isEqualTo(3306);
    assertThat(mariaDb.jdbcUrl("db", 3307, "shop"))
        .isEqualTo("jdbc:mariadb://db:3307/shop?sessionVariables=time_zone='+00:00'");
    assertThat(mariaDb.applicationName("lockstep-preflight")).isEmpty();
    assertThat(mariaDb.connectTimeout(Duration.ofSeconds(10)))
        .isEqualTo(Map.of("connectTimeout", "10000"));
    assertThat(mariaDb.sessionSetupSql())
        .hasValue(
            "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
                + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO'");
  }

  @Test
  void anEndpointNeverShowsItsPassword() {
    Endpoint endpoint = new Endpoint(Engine.POSTGRES, "db", 5432, "shop", "capture", "s3cret");
    assertThat(endpoint.toString()).doesNotContain("s3cret");
    assertThat(endpoint.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/shop");
  }
}
