package io.lockstep.engine;

import io.lockstep.types.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A check constraint's or generated column's expression, from the source catalog's text, in the
 * target engine's syntax. Between two servers of one engine the text is copied. Between engines,
 * only expressions that mean the same on both translate: column names, numbers, plain string
 * literals, comparison and arithmetic operators other than division (integer division differs),
 * AND/OR/NOT, IS [NOT] NULL, [NOT] BETWEEN/LIKE, and a few functions with one meaning on both
 * ({@link #FUNCTIONS}). PostgreSQL's catalog adds casts a MariaDB/MySQL server makes by itself
 * ({@code (qty)::numeric}, {@code 'a'::text}): casts to the number and text types are dropped, any
 * other makes the expression untranslated. Anything else is named, for the operator to add by hand:
 * a constraint that means something else on the target would be worse than none.
 */
public final class ExpressionTranslation {

  /** The outcome: the target's text, or why there is none. */
  public sealed interface Result {
    record Translated(String sql) implements Result {}

    record NotTranslated(String reason) implements Result {}
  }

  /** Functions with the same meaning and NULL handling on PostgreSQL and MariaDB/MySQL. */
  static final Set<String> FUNCTIONS =
      Set.of("lower", "upper", "abs", "coalesce", "nullif", "char_length");

  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "not", "is", "null", "true", "false", "between", "like", "in");

  /** Casts PostgreSQL's catalog writes where MariaDB/MySQL converts implicitly. */
  private static final Set<String> IMPLICIT_CASTS =
      Set.of(
          "numeric",
          "integer",
          "bigint",
          "smallint",
          "real",
          "double precision",
          "text",
          "character varying",
          "character",
          "bpchar");

  private static final Set<String> OPERATORS =
      Set.of("+", "-", "*", "%", "=", "<", ">", "<=", ">=", "<>", "!=", "(", ")", ",");

  private ExpressionTranslation() {}

  /**
   * {@code expression} of a table with {@code columns} on {@code target}. A bare word is a column
   * only when the table has a column of that name: anything else (MariaDB's {@code DIV}, {@code
   * XOR}; PostgreSQL's {@code CASE}, {@code ANY}) is not known to mean the same on the target.
   */
  public static Result translate(
      Engine source, Engine target, String expression, Set<String> columns) {
    if (source == target) {
      return new Result.Translated(expression);
    }
    char sourceQuote = source.quote("").charAt(0);
    List<String> out = new ArrayList<>();
    String text = expression.trim();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        int end = stringEnd(text, i);
        if (end < 0 || text.substring(i, end).contains("\\")) {
          return notTranslated(expression, "a string literal with backslashes");
        }
        out.add(text.substring(i, end));
        i = end;
      } else if (c == sourceQuote) {
        int end = quotedEnd(text, i, c);
        if (end < 0) {
          return notTranslated(expression, "an unterminated name");
        }
        String name = text.substring(i + 1, end - 1).replace("" + c + c, "" + c);
        out.add(target.quote(name));
        i = end;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < text.length())) {
        int end = i;
        while (end < text.length()
            && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
          end++;
        }
        out.add(text.substring(i, end));
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < text.length()
            && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
          end++;
        }
        String word = text.substring(i, end);
        String lower = word.toLowerCase(Locale.ROOT);
        int next = skipSpaces(text, end);
        boolean call = next < text.length() && text.charAt(next) == '(';
        if (call) {
          if (!FUNCTIONS.contains(lower)) {
            return notTranslated(expression, "the function " + word + "()");
          }
          out.add(lower);
        } else if (KEYWORDS.contains(lower)) {
          out.add(lower.toUpperCase(Locale.ROOT));
        } else if (columns.contains(word)) {
          out.add(target.quote(word));
        } else {
          return notTranslated(expression, "the word " + word);
        }
        i = end;
      } else if (text.startsWith("::", i)) {
        int end = castEnd(text, i + 2);
        String type = text.substring(i + 2, end).trim().toLowerCase(Locale.ROOT);
        if (!IMPLICIT_CASTS.contains(type)) {
          return notTranslated(expression, "the cast ::" + type);
        }
        i = end;
      } else {
        String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
        String op = OPERATORS.contains(two) ? two : String.valueOf(c);
        if (!OPERATORS.contains(op)) {
          return notTranslated(expression, "the operator " + op);
        }
        out.add(op);
        i += op.length();
      }
    }
    return new Result.Translated(join(out));
  }

  private static Result notTranslated(String expression, String what) {
    return new Result.NotTranslated(expression + " (" + what + " has no sure equivalent)");
  }

  /** Tokens joined with spaces, except inside parentheses and before commas. */
  private static String join(List<String> tokens) {
    StringBuilder sql = new StringBuilder();
    String previous = null;
    for (String token : tokens) {
      boolean tight =
          previous == null
              || previous.equals("(")
              || token.equals(")")
              || token.equals(",")
              || (token.equals("(")
                  && Character.isLetter(previous.charAt(0))
                  && !KEYWORDS.contains(previous.toLowerCase(Locale.ROOT)));
      sql.append(tight ? "" : " ").append(token);
      previous = token;
    }
    return sql.toString();
  }

  private static int skipSpaces(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The end of a string literal starting at {@code start} ({@code ''} inside), or -1. */
  private static int stringEnd(String text, int start) {
    int i = start + 1;
    while (i < text.length()) {
      if (text.charAt(i) == '\'') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return -1;
  }

  private static int quotedEnd(String text, int start, char quote) {
    int i = start + 1;
    while (i < text.length()) {
      if (text.charAt(i) == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return -1;
  }

  /** A cast's type: words and spaces, an optional (n[,m]) and [] included. */
  private static int castEnd(String text, int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '[' || c == ']') {
        i++;
      } else if (c == ' ' && i + 1 < text.length() && Character.isLetter(text.charAt(i + 1))) {
        // "double precision", "character varying" — but not "... AND"
        int wordEnd = i + 1;
        while (wordEnd < text.length() && Character.isLetter(text.charAt(wordEnd))) {
          wordEnd++;
        }
        String word = text.substring(i + 1, wordEnd).toLowerCase(Locale.ROOT);
        if (!word.equals("precision") && !word.equals("varying")) {
          return i;
        }
        i = wordEnd;
      } else {
        return i;
      }
    }
    return i;
  }
}
