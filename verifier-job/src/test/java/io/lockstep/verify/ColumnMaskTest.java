package io.lockstep.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.discrepancy.Discrepancy.ColumnDifference;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnMaskTest {

  @Test
  void masksTheValuesOfMatchingColumnsOnly() {
    ColumnMask mask = new ColumnMask(List.of("public\\.cards\\.(pan|cvv)", ".*\\.email"));
    assertThat(
            mask.apply(
                "public.cards",
                List.of(
                    new ColumnDifference("pan", "4111", "4112"),
                    new ColumnDifference("limit", "1", "2"))))
        .containsExactly(
            new ColumnDifference("pan", Discrepancy.MASKED, Discrepancy.MASKED),
            new ColumnDifference("limit", "1", "2"));
    assertThat(mask.apply("crm.people", List.of(new ColumnDifference("email", "a", "b"))))
        .containsExactly(new ColumnDifference("email", Discrepancy.MASKED, Discrepancy.MASKED));
    // Patterns match the whole name: another table's pan is shown.
    assertThat(mask.apply("public.cards2", List.of(new ColumnDifference("pan", "1", "2"))))
        .containsExactly(new ColumnDifference("pan", "1", "2"));
  }
}
