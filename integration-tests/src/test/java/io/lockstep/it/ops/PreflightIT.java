package io.lockstep.it.ops;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.it.fixture.Tables;
import io.lockstep.preflight.Preflight;
import io.lockstep.preflight.PreflightException;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Source and target problems are found before any job starts, each with what to change. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PreflightIT {

  private static EmbeddedStack stack;
  private static EmbeddedPostgresServer physicalOnly;

  @BeforeAll
  static void start() throws Exception {
    stack = EmbeddedStack.start(0);
    physicalOnly = EmbeddedPostgresServer.start("replica-wal", Map.of("wal_level", "replica"));
    Tables.execute(
        stack.source(),
        "CREATE SCHEMA pf",
        "CREATE TABLE pf.good (id integer PRIMARY KEY, v text)",
        "CREATE TABLE pf.keyless (v text)",
        "CREATE TABLE pf.blind (id integer PRIMARY KEY, v text)",
        "ALTER TABLE pf.blind REPLICA IDENTITY NOTHING",
        "CREATE ROLE weak LOGIN",
        "GRANT USAGE ON SCHEMA pf TO weak",
        "GRANT SELECT ON pf.good TO weak");
    Tables.execute(
        stack.target(),
        "CREATE SCHEMA pf",
        "CREATE TABLE pf.good (id integer PRIMARY KEY, v text)",
        "CREATE ROLE applier LOGIN");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (physicalOnly != null) {
        physicalOnly.close();
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  private static PipelineConfig config(String tables) {
    return QuickstartConfig.of(stack, "preflight", "")
        .with(PipelineOptions.SOURCE_TABLES, List.of(tables));
  }

  @Test
  void readySourceAndTargetPass() {
    assertThatCode(() -> Preflight.check(config("pf\\.good"))).doesNotThrowAnyException();
  }

  @Test
  void walLevelBelowLogicalIsNamed() {
    PipelineConfig config =
        config("pf\\.good").with(PipelineOptions.SOURCE_PORT, physicalOnly.port());
    assertThatThrownBy(() -> Preflight.check(config))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("wal_level is 'replica'")
        .hasMessageContaining("Set wal_level = logical in postgresql.conf");
  }

  @Test
  void missingReplicationAttributeAndPublicationRightsAreNamed() {
    PipelineConfig config = config("pf\\.good").with(PipelineOptions.SOURCE_USER, "weak");
    assertThatThrownBy(() -> Preflight.check(config))
        .hasMessageContaining("user 'weak' lacks the REPLICATION attribute")
        .hasMessageContaining("ALTER ROLE weak REPLICATION;")
        .hasMessageContaining("publication 'lockstep_preflight' does not exist")
        .hasMessageContaining("CREATE PUBLICATION lockstep_preflight FOR TABLE \"pf\".\"good\";");
  }

  /**
   * The apply job's sessions set session_replication_role = replica (apply.replica-session): a
   * target user that may not is named with the grant (PostgreSQL 15+) that fixes it.
   */
  @Test
  void aTargetUserThatMayNotRunAsAReplicaIsNamedWithTheGrant() throws Exception {
    PipelineConfig config = config("pf\\.good").with(PipelineOptions.TARGET_USER, "applier");
    assertThatThrownBy(() -> Preflight.checkTargetOnly(config))
        .hasMessageContaining("user 'applier' may not set session_replication_role")
        .hasMessageContaining("GRANT SET ON PARAMETER session_replication_role TO \"applier\"")
        .hasMessageContaining("apply.replica-session: false");
    assertThatCode(
            () ->
                Preflight.checkTargetOnly(
                    config.with(PipelineOptions.APPLY_REPLICA_SESSION, false)))
        .doesNotThrowAnyException();
    Tables.execute(stack.target(), "GRANT SET ON PARAMETER session_replication_role TO applier");
    assertThatCode(() -> Preflight.checkTargetOnly(config)).doesNotThrowAnyException();
  }

  @Test
  void tableWithoutKeyOrReplicaIdentityIsNamed() {
    assertThatThrownBy(() -> Preflight.check(config("pf\\.(keyless|blind)")))
        .hasMessageContaining("table pf.keyless has no primary key")
        .hasMessageContaining(
            "table pf.blind has REPLICA IDENTITY NOTHING, so its updates and deletes carry no"
                + " key. Run: ALTER TABLE \"pf\".\"blind\" REPLICA IDENTITY DEFAULT;");
  }

  @Test
  void patternsMatchingNothingAreNamed() {
    assertThatThrownBy(() -> Preflight.check(config("nosuch\\..*")))
        .hasMessageContaining("source.tables [nosuch\\..*] matches no table");
  }

  @Test
  void missingTargetTableIsNamed() {
    assertThatThrownBy(() -> Preflight.check(config("pf\\.blind")))
        .hasMessageContaining("table pf.blind (for source table pf.blind) does not exist");
  }

  @Test
  void unreachableTargetIsNamed() {
    PipelineConfig config = config("pf\\.good").with(PipelineOptions.TARGET_PORT, 1);
    assertThatThrownBy(() -> Preflight.check(config))
        .hasMessageContaining("target localhost:1/postgres: cannot connect as 'postgres'");
  }
}
