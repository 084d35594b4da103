package io.lockstep.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.runner.quickstart.QuickstartCommand;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The quickstart with faults: the target restarts, the task manager dies and poison rows are
 * written, and it still ends with a row-by-row match (exit 0), the poison rows dead-lettered. With
 * {@code --corrupt}, the verifier reports exactly the rows tampered with, and with {@code --repair}
 * the recovery service re-syncs them from the source with no operator (tier 1), so the run ends
 * with every row matching, tampered ones included.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class QuickstartIT {

  @Test
  void chaosQuickstartEndsWithAMatch() {
    int exit =
        new CommandLine(new QuickstartCommand())
            .execute(
                "--seconds",
                "30",
                "--chaos",
                "--web-port",
                "0",
                "--admin-port",
                "0",
                "--rate",
                "150");
    assertThat(exit).isZero();
  }

  @Test
  void corruptedRowsAreReportedExactlyAndRepairedByTheRecoveryService() {
    int exit =
        new CommandLine(new QuickstartCommand())
            .execute(
                "--seconds",
                "30",
                "--corrupt",
                "9",
                "--repair",
                "--web-port",
                "0",
                "--admin-port",
                "0",
                "--rate",
                "150");
    assertThat(exit).isZero();
  }

  @Test
  void corruptionAndChaosAreRefusedTogether() {
    int exit =
        new CommandLine(new QuickstartCommand())
            .execute("--seconds", "30", "--corrupt", "3", "--chaos");
    assertThat(exit).isEqualTo(2);
  }

  @Test
  void chaosWithoutADurationIsRefused() {
    int exit = new CommandLine(new QuickstartCommand()).execute("--chaos");
    assertThat(exit).isEqualTo(2);
  }
}
