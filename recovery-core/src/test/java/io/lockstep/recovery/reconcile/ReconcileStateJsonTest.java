package io.lockstep.recovery.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.discrepancy.Discrepancy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileStateJsonTest {

  @Test
  void aSavedStateReadsBackAsItWas() {
    ReconcileState state =
        new ReconcileState(
            "public.orders",
            true,
            true,
            5_000,
            List.of("note"),
            1_000,
            4_096,
            500,
            List.of(List.of("7")),
            List.of(
                new KeyRange(List.of("1"), List.of("1001"), 1000L, 999L),
                KeyRange.between(List.of("1001"), null)),
            List.of(
                new Difference(
                    "public.orders",
                    Map.of("id", 5L),
                    List.of("5"),
                    Discrepancy.Kind.DIFFERENT,
                    List.of(new Discrepancy.ColumnDifference("note", "a", null)))),
            List.of(new RepairOutcome(Map.of("id", 5L), "UPSERTED", true, "")),
            12,
            34_000,
            false);
    ReconcileState read = ReconcileState.fromJson(state.toJson());
    assertThat(read.pending()).isEqualTo(state.pending());
    assertThat(read.keys()).isEqualTo(state.keys());
    assertThat(read.differences().get(0).keyText()).containsExactly("5");
    assertThat(read.differences().get(0).columns()).isEqualTo(state.differences().get(0).columns());
    assertThat(read.repairs().get(0).key()).containsEntry("id", "5");
    assertThat(read)
        .usingRecursiveComparison()
        .ignoringFields("differences", "repairs")
        .isEqualTo(state);
  }

  @Test
  void somethingElseIsRefusedWithAWayForward() {
    assertThatThrownBy(() -> ReconcileState.fromJson("{\"version\": 99}"))
        .hasMessageContaining("start a new run");
    assertThatThrownBy(() -> ReconcileState.fromJson("not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
