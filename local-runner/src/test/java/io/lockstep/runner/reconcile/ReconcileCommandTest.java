package io.lockstep.runner.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.recovery.reconcile.Difference;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ReconcileCommandTest {

  @Test
  void aDifferenceIsOneLineWithTableKeyKindAndColumns() {
    Difference different =
        new Difference(
            "public.orders",
            Map.of("id", 42L),
            List.of("42"),
            Discrepancy.Kind.DIFFERENT,
            List.of(
                new Discrepancy.ColumnDifference("price", "1.5", "2.5"),
                new Discrepancy.ColumnDifference("note", "a", null)));
    assertThat(ReconcileCommand.line(different))
        .isEqualTo(
            "public.orders key {id=42} DIFFERENT columns price (source 1.5, target 2.5),"
                + " note (source a, target null)");
    Difference missing =
        new Difference(
            "public.orders", Map.of("id", 7L), List.of("7"), Discrepancy.Kind.MISSING, List.of());
    assertThat(ReconcileCommand.line(missing)).isEqualTo("public.orders key {id=7} MISSING");
  }

  @Test
  void withoutATableItIsBadInput() {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new ReconcileCommand())
            .setErr(new PrintWriter(err))
            .execute("--config", "pipeline.yaml");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--table");
  }

  @Test
  void aNegativeRateIsBadInput() {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new ReconcileCommand())
            .setErr(new PrintWriter(err))
            .execute("--config", "pipeline.yaml", "--table", "t", "--rows-per-second", "-5");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--rows-per-second must be 0");
  }
}
