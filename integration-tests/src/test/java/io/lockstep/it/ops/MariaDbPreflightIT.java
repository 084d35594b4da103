package io.lockstep.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.config.PipelineOptions;
import io.lockstep.preflight.Preflight;
import io.lockstep.preflight.PreflightException;
import io.lockstep.runner.embedded.EmbeddedMariaDbServer;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import io.lockstep.runner.schema.SchemaBootstrap;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The MariaDB source checks that need a server: a sql_mode that lets zero dates in is refused
 * (Debezium would read them as NULL), unless the operator accepts it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MariaDbPreflightIT {

  private static EmbeddedMariaDbServer source;
  private static EmbeddedPostgresServer target;

  @BeforeAll
  static void start() throws Exception {
    source = EmbeddedMariaDbServer.start("source");
    target = EmbeddedPostgresServer.start("target");
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE shop");
      st.execute("CREATE TABLE shop.orders (id int PRIMARY KEY, placed date)");
    }
    SchemaBootstrap.apply(config(), SchemaBootstrap.plan(config()));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (source != null) {
        source.close();
      }
    } finally {
      if (target != null) {
        target.close();
      }
    }
  }

  private static PipelineConfig config() {
    return new PipelineConfigLoader(Map.of("P", "")::get)
        .parse(
            """
            pipeline:
              name: zero_dates
            source:
              type: mariadb
              host: localhost
              port: %d
              database: shop
              user: root
              password-env: P
              tables: ["shop\\\\.orders"]
            target:
              type: postgres
              host: localhost
              port: %d
              database: postgres
              user: postgres
              password-env: P
            kafka:
              bootstrap-servers: localhost:9092
            """
                .formatted(source.port(), target.port()),
            "(test)");
  }

  private static void setGlobalSqlMode(String mode) throws Exception {
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("SET GLOBAL sql_mode = '" + mode + "'");
    }
  }

  @Test
  void zeroDatesAllowedBySqlModeAreRefusedUnlessAccepted() throws Exception {
    assertThatCode(() -> Preflight.check(config())).doesNotThrowAnyException();
    String original;
    try (Connection c = source.connect();
        Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT @@GLOBAL.sql_mode")) {
      rs.next();
      original = rs.getString(1);
    }
    try {
      // MariaDB's own default.
      setGlobalSqlMode("STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION");
      assertThatThrownBy(() -> Preflight.check(config()))
          .isInstanceOf(PreflightException.class)
          .hasMessageContaining("sql_mode lacks NO_ZERO_DATE, NO_ZERO_IN_DATE")
          .hasMessageContaining("SET GLOBAL sql_mode")
          .hasMessageContaining("source.allow-zero-dates");
      assertThat(config().get(PipelineOptions.SOURCE_ALLOW_ZERO_DATES)).isFalse();
      assertThatCode(
              () -> Preflight.check(config().with(PipelineOptions.SOURCE_ALLOW_ZERO_DATES, true)))
          .doesNotThrowAnyException();
    } finally {
      setGlobalSqlMode(original);
    }
  }
}
