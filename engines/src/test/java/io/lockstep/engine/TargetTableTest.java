package io.lockstep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which key a target table is written by. */
class TargetTableTest {

  private static final List<TargetColumn> COLUMNS =
      List.of(
          new TargetColumn("id", "bigint", false),
          new TargetColumn("a", "int", false),
          new TargetColumn("b", "int", false),
          new TargetColumn("email", "text", true));

  @Test
  void thePrimaryKeyInAnyOrder() {
    TargetTable table = new TargetTable("s", "t", COLUMNS, List.of("a", "b"));
    assertThat(table.keyedBy(List.of("b", "a"))).contains(table);
  }

  @Test
  void aUniqueKeyOnExactlyTheKeyColumnsWhenThereIsNoMatchingPrimaryKey() {
    TargetTable table =
        new TargetTable("s", "t", COLUMNS, List.of(), List.of(List.of("email"), List.of("b", "a")));
    assertThat(table.keyedBy(List.of("a", "b")).orElseThrow().primaryKey())
        .containsExactly("b", "a");
    TargetTable withSurrogate =
        new TargetTable("s", "t", COLUMNS, List.of("id"), List.of(List.of("a", "b")));
    assertThat(withSurrogate.keyedBy(List.of("a", "b")).orElseThrow().primaryKey())
        .containsExactly("a", "b");
  }

  @Test
  void notANullableUniqueKeyNorOneThatCoversMoreOrFewerColumns() {
    TargetTable table =
        new TargetTable(
            "s", "t", COLUMNS, List.of(), List.of(List.of("email"), List.of("a", "b", "id")));
    assertThat(table.keyedBy(List.of("email"))).isEmpty();
    assertThat(table.keyedBy(List.of("a", "b"))).isEmpty();
    assertThat(table.keyProblem(List.of("a", "b")))
        .contains("s.t", "[a, b]", "UNIQUE constraint", "NOT NULL");
  }
}
