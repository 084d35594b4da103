package io.lockstep.engine.mariadb;

import java.util.Locale;

/**
 * MySQL's text of a {@code TIME} value outside one day ({@code -838:59:59}, {@code
 * 25:00:00.500000}): such a value is no time of day, so the capture carries it as this text, and a
 * row re-read from the source must carry the same.
 */
public final class MySqlTimeText {

  private MySqlTimeText() {}

  /** The text of a duration of {@code micros} microseconds, negative ones with a sign. */
  public static String of(long micros) {
    long magnitude = Math.abs(micros);
    long seconds = magnitude / 1_000_000L;
    long fraction = magnitude % 1_000_000L;
    StringBuilder text = new StringBuilder(micros < 0 ? "-" : "");
    text.append(
        String.format(
            Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60));
    if (fraction != 0) {
      text.append(String.format(Locale.ROOT, ".%06d", fraction));
    }
    return text.toString();
  }
}
