package io.lockstep.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written formatting fast paths (benchmarks.md, "what each change bought") must produce
 * exactly what the formatters they replace produce.
 */
class HandWrittenFormatsTest {

  private static final DateTimeFormatter REFERENCE =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendPattern("HH:mm:ss")
          .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
          .toFormatter();

  @Test
  void instantsFormatAndParseAsTheFormatterDoes() {
    SplittableRandom random = new SplittableRandom(42);
    long min = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("+12000-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(random.nextLong(min, max), random.nextInt(1_000_000) * 1000L);
      assertInstant(instant);
    }
    assertInstant(Instant.parse("0000-01-01T00:00:00Z"));
    assertInstant(Instant.parse("9999-12-31T23:59:59.999999Z"));
    assertInstant(Instant.parse("+10000-01-01T00:00:00Z"));
    assertInstant(Instant.EPOCH);
  }

  private static void assertInstant(Instant instant) {
    String expected = REFERENCE.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)) + "Z";
    String text = ValueCodec.formatInstant(instant);
    assertThat(text).isEqualTo(expected);
    assertThat(ValueCodec.parseInstant(text)).isEqualTo(instant);
  }

  @Test
  void timestampsFormatAsTheFormatterDoes() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      LocalDateTime t =
          LocalDateTime.ofEpochSecond(
              random.nextLong(-70_000_000_000L, 300_000_000_000L),
              random.nextInt(1_000_000) * 1000,
              ZoneOffset.UTC);
      assertThat(ValueCodec.formatTimestamp(t)).isEqualTo(REFERENCE.format(t));
    }
  }

  @Test
  void parseInstantFallsBackForOtherShapes() {
    assertThat(ValueCodec.parseInstant("2026-01-02T03:04:05Z"))
        .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(ValueCodec.parseInstant("2026-01-02T03:04:05.123456789Z"))
        .isEqualTo(Instant.parse("2026-01-02T03:04:05.123456789Z"));
  }

  @Test
  void positionsMatchTheirFormatString() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 10_000; i++) {
      long a = random.nextLong();
      long b = random.nextLong();
      long c = random.nextLong();
      assertThat(SourcePosition.postgres(a, b, c))
          .isEqualTo(String.format("pg:%016X:%016X:%016X", a, b, c));
    }
    assertThat(SourcePosition.epochOf(SourcePosition.postgres(5, 0, 0))).isEqualTo(5);
  }
}
