package io.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's own arithmetic: what it measures must not be wrong before the machine is. */
class HarnessTest {

  @Test
  void workloadIsRepeatableAndKnowsItsEndState() {
    ChangeWorkload a = new ChangeWorkload(11);
    ChangeWorkload b = new ChangeWorkload(11);
    Map<Long, Long> table = new HashMap<>();
    int inserts = 0;
    int updates = 0;
    int deletes = 0;
    for (int i = 0; i < 100_000; i++) {
      ChangeWorkload.RowChange change = a.next();
      assertThat(b.next()).isEqualTo(change);
      switch (change.kind()) {
        case INSERT -> {
          assertThat(table.put(change.id(), change.version())).isNull();
          inserts++;
        }
        case UPDATE -> {
          assertThat(table.put(change.id(), change.version())).isEqualTo(change.version() - 1);
          updates++;
        }
        case DELETE -> {
          assertThat(table.remove(change.id())).isEqualTo(change.version());
          deletes++;
        }
      }
    }
    long versionSum = table.values().stream().mapToLong(Long::longValue).sum();
    assertThat(a.expectedState()).isEqualTo(new OrdersTable.State(table.size(), versionSum));
    assertThat(inserts).isBetween(29_000, 31_000);
    assertThat(updates).isBetween(59_000, 61_000);
    assertThat(deletes).isBetween(9_000, 11_000);
  }

  @Test
  void peakHeapIsTheLargestOccupancyBeforeACollection() {
    List<String> log =
        List.of(
            "[0.5s][info][gc] Using Parallel",
            "[1.2s][info][gc] GC(0) Pause Young (Allocation Failure) 130M->12M(500M) 5.1ms",
            "[3.4s][info][gc] GC(1) Pause Full (Ergonomics) 410M->90M(700M) 80.0ms",
            "[5.0s][info][gc] GC(2) Pause Young (Normal) (G1 Evacuation Pause) 326M->55M(459M) 6.7ms");
    assertThat(ChildJvm.peakHeapBytes(log)).isEqualTo(410L * 1024 * 1024);
  }

  @Test
  void summaryLinesHaveTheAgreedShapeAndOrientation() {
    SuiteResult faster =
        new SuiteResult(
            "apply",
            "full",
            "changes/s",
            50_000,
            "x",
            25_000,
            true,
            List.of(),
            Map.of(),
            List.of(),
            Map.of());
    assertThat(faster.summaryLine())
        .isEqualTo("suite=apply ours=50000changes/s baseline=x:25000changes/s ratio=2.00");
    SuiteResult lowerIsBetter =
        new SuiteResult(
            "latency", "full", "ms", 200, "native", 100, false, List.of(), Map.of(), List.of(),
            Map.of());
    assertThat(lowerIsBetter.ratio()).isEqualTo(0.5);
    SuiteResult farBehind =
        new SuiteResult(
            "latency", "full", "ms", 256, "native", 1.17, false, List.of(), Map.of(), List.of(),
            Map.of());
    assertThat(farBehind.summaryLine()).endsWith("ratio=0.0046");
  }

  @Test
  void reportKeepsTheHandWrittenTextAroundTheGeneratedPart() {
    String existing =
        "# Benchmarks\n\nintro\n\n"
            + Report.BEGIN
            + "\nold figures\n"
            + Report.END
            + "\n\n## What each change bought\n\nanalysis\n";
    String spliced = Report.splice(existing, "\nnew figures\n");
    assertThat(spliced)
        .startsWith("# Benchmarks\n\nintro\n\n" + Report.BEGIN + "\nnew figures\n" + Report.END)
        .endsWith("## What each change bought\n\nanalysis\n")
        .doesNotContain("old figures");
  }
}
