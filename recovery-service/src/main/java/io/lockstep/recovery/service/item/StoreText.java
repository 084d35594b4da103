package io.lockstep.recovery.service.item;

/**
 * Text that goes into the store's text columns. PostgreSQL text cannot hold U+0000 (the insert
 * fails with SQLSTATE 22021), and a string value of a record may contain one: it is escaped as the
 * six characters {@code \u0000}, the way JSON writes it, so that the rest of the text is kept and
 * the operator still sees where it was.
 */
public final class StoreText {

  private StoreText() {}

  /**
   * @return {@code text} with every U+0000 written as {@code \u0000}; null for null
   */
  public static String escapeNul(String text) {
    if (text == null || text.indexOf('\u0000') < 0) {
      return text;
    }
    return text.replace("\u0000", "\\u0000");
  }

  /**
   * @return at most {@code max} characters of {@code text}, and {@code …} where it was cut
   */
  public static String shorten(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}
