package io.lockstep.recovery.service.item;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A topic record's value as the store keeps it, byte for byte: as text when it is UTF-8 without a
 * U+0000 (which a PostgreSQL text value cannot hold), else in Base64. Every record that decodes is
 * text (JSON has no unescaped U+0000); only a record nobody could read can need Base64.
 *
 * @param text the value, in {@code encoding}
 */
public record RecordText(String text, Encoding encoding) {

  /** How {@link #text} holds the record's bytes. */
  public enum Encoding {
    /** The bytes are UTF-8 and {@code text} is what they say. */
    TEXT,
    /** The bytes are not UTF-8 text PostgreSQL can hold; {@code text} is their Base64. */
    BASE64
  }

  public RecordText {
    if (text == null || encoding == null) {
      throw new IllegalArgumentException("a record text needs its text and its encoding");
    }
  }

  /** Text known to be free of U+0000, such as JSON written by this service. */
  public static RecordText text(String text) {
    if (text.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException("text with a U+0000 cannot be stored as text");
    }
    return new RecordText(text, Encoding.TEXT);
  }

  /**
   * @return null for a record without a value (a tombstone)
   */
  public static RecordText of(byte[] value) {
    if (value == null) {
      return null;
    }
    String decoded = strictUtf8(value);
    if (decoded != null && decoded.indexOf('\u0000') < 0) {
      return new RecordText(decoded, Encoding.TEXT);
    }
    return new RecordText(Base64.getEncoder().encodeToString(value), Encoding.BASE64);
  }

  /** The record's bytes, as they were on the topic. */
  public byte[] bytes() {
    return encoding == Encoding.TEXT
        ? text.getBytes(StandardCharsets.UTF_8)
        : Base64.getDecoder().decode(text);
  }

  private static String strictUtf8(byte[] value) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
