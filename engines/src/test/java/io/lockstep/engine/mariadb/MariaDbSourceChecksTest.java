package io.lockstep.engine.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the MariaDB/MySQL source checks that need no database: reading SHOW GRANTS. */
class MariaDbSourceChecksTest {

  @Test
  void replicationPrivilegesAreFoundUnderTheirNamesOnEitherServer() {
    // MySQL 8
    assertThat(
            MariaDbSourceChecks.missingReplicationPrivileges(
                List.of(
                    "GRANT SELECT, RELOAD, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO"
                        + " `capture`@`%`")))
        .hasValue(List.of());
    // MariaDB 10.5 and later show REPLICATION CLIENT as BINLOG MONITOR.
    assertThat(
            MariaDbSourceChecks.missingReplicationPrivileges(
                List.of(
                    "GRANT SELECT, RELOAD, BINLOG MONITOR, REPLICATION SLAVE ON *.* TO"
                        + " `capture`@`%` IDENTIFIED BY PASSWORD '*ABC'")))
        .hasValue(List.of());
    assertThat(
            MariaDbSourceChecks.missingReplicationPrivileges(
                List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION")))
        .hasValue(List.of());
  }

  @Test
  void missingPrivilegesAreNamedAsTheyAreGranted() {
    assertThat(
            MariaDbSourceChecks.missingReplicationPrivileges(
                List.of(
                    "GRANT USAGE ON *.* TO `capture`@`%`",
                    "GRANT SELECT ON `shop`.* TO `capture`@`%`",
                    // Database-level grants do not count for the binlog.
                    "GRANT REPLICATION SLAVE ON `shop`.* TO `capture`@`%`")))
        .hasValue(List.of("REPLICATION SLAVE", "REPLICATION CLIENT"));
  }

  @Test
  void grantsThroughRolesAreNotJudged() {
    assertThat(
            MariaDbSourceChecks.missingReplicationPrivileges(
                List.of(
                    "GRANT USAGE ON *.* TO `capture`@`%`",
                    "GRANT `cdc_role`@`%` TO `capture`@`%`")))
        .isEmpty();
  }

  @Test
  void accountsAreQuotedAsGrantTakesThem() {
    assertThat(MariaDbSourceChecks.account("capture@%")).isEqualTo("'capture'@'%'");
    assertThat(MariaDbSourceChecks.account("capture")).isEqualTo("'capture'");
  }

  @Test
  void zeroDatesNeedBothModesAndStrictness() {
    // MySQL 8's default.
    assertThat(
            MariaDbSourceChecks.missingZeroDateModes(
                "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                    + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"))
        .isEmpty();
    // MariaDB's default.
    assertThat(
            MariaDbSourceChecks.missingZeroDateModes(
                "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,"
                    + "NO_ENGINE_SUBSTITUTION"))
        .containsExactly("NO_ZERO_DATE", "NO_ZERO_IN_DATE");
    // Without strictness the two modes only warn.
    assertThat(MariaDbSourceChecks.missingZeroDateModes("NO_ZERO_DATE,NO_ZERO_IN_DATE"))
        .containsExactly("STRICT_TRANS_TABLES");
    assertThat(MariaDbSourceChecks.missingZeroDateModes(""))
        .containsExactly("STRICT_TRANS_TABLES", "NO_ZERO_DATE", "NO_ZERO_IN_DATE");
  }
}
