package io.lockstep.recovery.reconcile;

import static io.lockstep.recovery.reconcile.Tables.column;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventKeysTest {

  private final List<ColumnSchema> key =
      List.of(
          column("id", ColumnType.INT64, "int8"),
          column("at", ColumnType.TIMESTAMP, "timestamp"),
          column("ref", ColumnType.UUID, "uuid"),
          column("seen", ColumnType.TIMESTAMPTZ, "timestamptz"));

  @Test
  void canonicalTextsTypeBackToEventValues() {
    UUID ref = UUID.randomUUID();
    Map<String, Object> typed =
        Map.of(
            "id",
            42L,
            "at",
            LocalDateTime.of(2024, 2, 29, 12, 30, 0, 123_000),
            "ref",
            ref,
            "seen",
            Instant.parse("2024-03-31T01:30:00.5Z"));
    List<String> texts = EventKeys.canonical(key, typed);
    assertThat(texts)
        .containsExactly(
            "42", "2024-02-29T12:30:00.000123", ref.toString(), "2024-03-31T01:30:00.500000Z");
    assertThat(EventKeys.typed(key, texts)).isEqualTo(typed);
    assertThat(EventKeys.typed(key, texts)).containsKeys("id", "at", "ref", "seen");
  }

  @Test
  void textGivenForAKeyMeansTheSameValue() {
    assertThat(EventKeys.canonical(key.subList(0, 1), List.of("0042"))).containsExactly("42");
  }
}
