package io.lockstep.types;

import java.math.BigInteger;

/**
 * Bit-string values ({@code BIT(n)} on MariaDB/MySQL, {@code bit(n)} and {@code varbit} on
 * PostgreSQL) as the event carries them: bytes, most significant first, {@code ceil(n / 8)} of
 * them, holding the bits as an unsigned number ({@code b'101'} is {@code 0x05}), which is what
 * MariaDB's driver returns and accepts. Debezium writes these bytes least significant first; the
 * capture reverses them.
 */
public final class BitString {

  private static final java.util.Set<String> BIT_TYPES =
      java.util.Set.of("bit", "varbit", "bit varying");

  /** Whether a native type name (either engine, any case) is a bit string type. */
  public static boolean isBitType(String nativeType) {
    return BIT_TYPES.contains(nativeType.toLowerCase(java.util.Locale.ROOT));
  }

  private BitString() {}

  /**
   * PostgreSQL's input text for a bit string of {@code bits} digits (for {@code CAST(? AS bit)}):
   * the number's binary digits, left-padded with zeros; when {@code bits} is null, eight digits per
   * byte.
   */
  public static String text(byte[] bigEndian, Integer bits) {
    String digits = new BigInteger(1, bigEndian).toString(2);
    int width = bits == null ? bigEndian.length * 8 : bits;
    if (digits.length() > width) {
      throw new IllegalArgumentException(
          "bit string of " + digits.length() + " significant bits does not fit bit(" + width + ")");
    }
    return "0".repeat(width - digits.length()) + digits;
  }

  /** The canonical comparison form: the number's binary digits, leading zeros dropped. */
  static String canonical(BigInteger value) {
    return "b'" + value.toString(2) + "'";
  }

  static String canonical(byte[] bigEndian) {
    return canonical(new BigInteger(1, bigEndian));
  }

  /** A bit string written as digits ({@code 00101}), or null when the text is not one. */
  static String canonical(String digits) {
    String trimmed = digits.trim();
    if (trimmed.startsWith("b'") && trimmed.endsWith("'") && trimmed.length() > 3) {
      trimmed = trimmed.substring(2, trimmed.length() - 1);
    }
    return trimmed.matches("[01]+") ? canonical(new BigInteger(trimmed, 2)) : null;
  }
}
