package io.lockstep.contract;

import io.lockstep.event.TableId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The names of a pipeline's topics, the one place they are spelled. Every topic of a pipeline
 * starts with its prefix ({@code kafka.topic-prefix}): one change topic per table, {@code
 * <prefix>.<db>.<schema>.<table>} with each part encoded ({@link #encodePart}), and three of the
 * pipeline's own, which have no further dot and no {@code --}.
 *
 * <p>Kafka allows only {@code [A-Za-z0-9._-]} and 249 characters in a topic name, while both
 * engines allow any character in a quoted identifier. The encoding keeps letters, digits and {@code
 * _} as they are (so a plain table keeps the name it always had) and writes every other character
 * as {@code -} and two upper-case hex digits per UTF-8 byte: decodable, hence no two tables share a
 * topic. A name longer than Kafka allows keeps its start and ends in {@code --} and a hash of the
 * whole name; an encoded name never holds {@code --}, so a shortened name cannot be another table's
 * full one.
 */
public final class PipelineTopics {

  /** The dead letters: rows and records that could not be captured, applied or read. */
  public static final String FAILED_ROWS = "failed-rows";

  /** What the verifier found different between source and target. */
  public static final String DISCREPANCIES = "discrepancies";

  /** The capture's epoch announcements ({@link CaptureEpochs}). */
  public static final String EPOCHS = "epochs";

  /** Kafka's longest topic name ({@code org.apache.kafka.common.internals.Topic}). */
  public static final int MAX_TOPIC_LENGTH = 249;

  /** Marks a shortened name; {@link #encodePart} never writes two dashes in a row. */
  static final String SHORTENED = "--";

  /** Hex digits of the hash that ends a shortened name: 64 bits. */
  static final int HASH_DIGITS = 16;

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private PipelineTopics() {}

  /** {@code <prefix>.failed-rows}. */
  public static String failedRows(String prefix) {
    return prefix + "." + FAILED_ROWS;
  }

  /** {@code <prefix>.discrepancies}. */
  public static String discrepancies(String prefix) {
    return prefix + "." + DISCREPANCIES;
  }

  /** {@code <prefix>.epochs}. */
  public static String epochs(String prefix) {
    return prefix + "." + EPOCHS;
  }

  /**
   * The change topic of one table: {@code <prefix>.<db>.<schema>.<table>} (no schema part where the
   * engine has none), each part encoded by {@link #encodePart}, shortened to Kafka's limit.
   */
  public static String changes(String prefix, TableId table) {
    StringBuilder name = new StringBuilder(prefix).append('.').append(encodePart(table.database()));
    if (!table.schema().isEmpty()) {
      name.append('.').append(encodePart(table.schema()));
    }
    name.append('.').append(encodePart(table.table()));
    return shortened(name.toString());
  }

  /**
   * One part of a table's name as a topic may hold it: {@code [A-Za-z0-9_]} as it is, every other
   * character (including {@code -} and {@code .}) as {@code -HH} per UTF-8 byte, HH upper-case hex.
   */
  public static String encodePart(String part) {
    StringBuilder encoded = new StringBuilder(part.length());
    for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
        encoded.append(c);
      } else {
        encoded.append('-').append(HEX.toHexDigits(b));
      }
    }
    return encoded.toString();
  }

  /**
   * {@code name} itself when Kafka allows its length; else its start, cut before any partial {@code
   * -HH}, then {@code --} and the first {@value #HASH_DIGITS} hex digits of the SHA-256 of the
   * whole name. The prefix is never cut: its option allows at most 200 characters.
   */
  static String shortened(String name) {
    if (name.length() <= MAX_TOPIC_LENGTH) {
      return name;
    }
    int keep = MAX_TOPIC_LENGTH - SHORTENED.length() - HASH_DIGITS;
    int dash = name.lastIndexOf('-', keep - 1);
    if (dash >= 0 && dash > keep - 3) {
      keep = dash; // an escape -HH would be cut: keep none of it
    }
    return name.substring(0, keep) + SHORTENED + hash(name);
  }

  private static String hash(String name) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(digest).substring(0, HASH_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Every change topic of a pipeline, and none of its own topics: after {@code <prefix>.}, a name
   * that holds a dot (between encoded parts) or {@code --} (shortened); the pipeline's own topics
   * hold neither.
   */
  public static Pattern changeTopics(String prefix) {
    return Pattern.compile(
        Pattern.quote(prefix) + "\\.(?=[A-Za-z0-9_-]*(?:\\.|--))[A-Za-z0-9._-]+");
  }
}
