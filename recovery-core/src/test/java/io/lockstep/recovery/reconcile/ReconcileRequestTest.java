package io.lockstep.recovery.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileRequestTest {

  @Test
  void aTableAloneIsTheWholeTableDryRunWithoutLimit() {
    ReconcileRequest request = ReconcileRequest.table("public.orders");
    assertThat(request)
        .isEqualTo(
            new ReconcileRequest(
                "public.orders",
                null,
                null,
                List.of(),
                false,
                0,
                List.of(),
                ReconcileRequest.DEFAULT_LEAF_ROWS,
                ReconcileRequest.DEFAULT_BUCKETS_PER_QUERY,
                ReconcileRequest.DEFAULT_REPAIR_BATCH));
  }

  @Test
  void theBuilderSetsWhatItIsGivenAndToBuilderKeepsTheRest() {
    ReconcileRequest request =
        ReconcileRequest.builder("public.orders")
            .range(List.of(1000), List.of(2000))
            .repair(true)
            .rowsPerSecond(50_000)
            .columns(List.of("note"))
            .tuning(10, 4, 5)
            .build();
    assertThat(request.lower()).isEqualTo(List.of(1000));
    assertThat(request.upper()).isEqualTo(List.of(2000));
    assertThat(request.repair()).isTrue();
    assertThat(request.rowsPerSecond()).isEqualTo(50_000);
    assertThat(request.columns()).containsExactly("note");
    assertThat(request.leafRows()).isEqualTo(10);
    assertThat(request.toBuilder().build()).isEqualTo(request);

    ReconcileRequest keys = request.toBuilder().keys(List.of(Map.of("id", 42L))).build();
    assertThat(keys.keys()).containsExactly(Map.of("id", 42L));
    assertThat(keys.rowsPerSecond()).isEqualTo(50_000);
    assertThat(keys.bucketsPerQuery()).isEqualTo(4);
  }

  @Test
  void buildRefusesValuesOutOfRange() {
    assertThatThrownBy(() -> ReconcileRequest.builder("public.orders").rowsPerSecond(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rows per second");
    assertThatThrownBy(() -> ReconcileRequest.builder(" ").build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
