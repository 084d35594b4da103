package io.lockstep.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.engine.CapturedTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicCollisionsTest {

  @Test
  void tablesWhoseTopicsDifferOnlyInDotAgainstUnderscoreAreRefusedNamingBoth() {
    List<String> problems =
        TopicCollisions.of(
            "lockstep",
            "shop",
            List.of(
                new CapturedTable("a_b", "c", true),
                new CapturedTable("a", "b_c", true),
                new CapturedTable("a", "d", true)));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .contains("schema 'a_b' table 'c' (topic lockstep.shop.a_b.c)")
        .contains("schema 'a' table 'b_c' (topic lockstep.shop.a.b_c)")
        .contains("differ only in '.' against '_'")
        .contains("source.exclude-tables");
  }

  @Test
  void encodedDotsNeverCollideWithSeparators() {
    // "a.b" is encoded a-2Eb: it stays apart from schema a, table b and from a_b.
    assertThat(
            TopicCollisions.of(
                "lockstep",
                "shop",
                List.of(
                    new CapturedTable("a.b", "c", true),
                    new CapturedTable("a", "b.c", true),
                    new CapturedTable("a_b", "x", true),
                    new CapturedTable("Odd \"Schema\".$", "Order Items", true))))
        .isEmpty();
  }
}
