package io.lockstep.engine;

import io.lockstep.event.ColumnSchema;
import io.lockstep.types.Engine;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Column defaults from one engine's catalog, as the target engine spells them. Only defaults with
 * one meaning on both engines translate: literals of the column's own kind, the current date or
 * time, new UUIDs, and generated keys (PostgreSQL identity or serial, MariaDB/MySQL
 * AUTO_INCREMENT). Anything else (a call to a user function, a sequence of another column) is named
 * as not translated, for the operator to add by hand: a default that means something else on the
 * target would be worse than none, since the replication always writes every column and the default
 * only matters to the application after the cutover.
 */
public final class ColumnDefaults {

  /**
   * A column's default as the source catalog reports it. {@code generated} marks a key the database
   * generates (identity, serial, AUTO_INCREMENT); {@code expression} is the catalog's text (null
   * when there is none).
   */
  public record SourceDefault(String expression, boolean generated) {
    public static SourceDefault none() {
      return new SourceDefault(null, false);
    }

    boolean isNone() {
      return !generated
          && (expression == null || expression.isBlank() || expression.equalsIgnoreCase("NULL"));
    }
  }

  /** The clause to append to the target column's definition, or why there is none. */
  public sealed interface Translation {
    /** Empty text when the source has no default. */
    record Clause(String sql) implements Translation {}

    record NotTranslated(String reason) implements Translation {}
  }

  private static final Pattern QUOTED = Pattern.compile("(?s)^[eE]?'((?:[^']|'')*)'(::.+)?$");
  private static final Pattern NUMBER = Pattern.compile("^[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?$");
  private static final Pattern CAST = Pattern.compile("(?s)^(.*?)::[a-z ]+(\\(\\d+(,\\d+)?\\))?$");
  private static final Pattern CALL = Pattern.compile("^([a-z_]+)\\s*(\\(\\s*(\\d*)\\s*\\))?$");

  private static final Set<String> NOW =
      Set.of(
          "now",
          "current_timestamp",
          "localtimestamp",
          "transaction_timestamp",
          "statement_timestamp",
          "sysdate");
  private static final Set<String> TODAY = Set.of("current_date", "curdate");
  private static final Set<String> TIME_NOW = Set.of("current_time", "curtime", "localtime");
  private static final Set<String> NEW_UUID = Set.of("gen_random_uuid", "uuid_generate_v4", "uuid");

  private ColumnDefaults() {}

  /**
   * The default of {@code column} (typed as the capture types it) on {@code target}, from its
   * {@code source} catalog text.
   */
  public static Translation translate(
      Engine source, DatabaseEngine target, ColumnSchema column, SourceDefault value) {
    if (value.isNone()) {
      return new Translation.Clause("");
    }
    if (value.generated()) {
      return generatedKey(target, column);
    }
    String expression = value.expression().trim();
    if (source == target.id()) {
      // The same engine reads its own catalog text back; only sequences are local to the source.
      return expression.toLowerCase(Locale.ROOT).startsWith("nextval(")
          ? generatedKey(target, column)
          : new Translation.Clause("DEFAULT " + expression);
    }
    if (expression.toLowerCase(Locale.ROOT).startsWith("nextval(")) {
      return generatedKey(target, column);
    }
    Optional<String> translated = crossEngine(target, column, unwrap(expression));
    return translated
        .<Translation>map(sql -> new Translation.Clause("DEFAULT " + sql))
        .orElseGet(
            () ->
                new Translation.NotTranslated(
                    "the default "
                        + expression
                        + " of column "
                        + column.name()
                        + " has no equivalent on "
                        + target.id().displayName()
                        + "; add it by hand if the application relies on it"));
  }

  private static Translation generatedKey(DatabaseEngine target, ColumnSchema column) {
    boolean integer =
        switch (column.type()) {
          case INT16, INT32, INT64 -> true;
          default -> false;
        };
    if (!integer || target.targetType(column).startsWith("numeric")) {
      return new Translation.NotTranslated(
          "column "
              + column.name()
              + " is generated on the source but its target type "
              + target.targetType(column)
              + " cannot be; create a sequence for it by hand");
    }
    return new Translation.Clause(target.defaults().generatedKey());
  }

  /** Removes the parentheses PostgreSQL puts around negative numbers and MariaDB around calls. */
  private static String unwrap(String expression) {
    String text = expression;
    while (text.startsWith("(") && text.endsWith(")") && balanced(text)) {
      text = text.substring(1, text.length() - 1).trim();
    }
    return text;
  }

  private static boolean balanced(String text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      depth += text.charAt(i) == '(' ? 1 : text.charAt(i) == ')' ? -1 : 0;
      if (depth == 0 && i < text.length() - 1) {
        return false;
      }
    }
    return depth == 0;
  }

  private static Optional<String> crossEngine(
      DatabaseEngine engine, ColumnSchema column, String text) {
    DefaultSyntax target = engine.defaults();
    Matcher quoted = QUOTED.matcher(text);
    String literal = quoted.matches() ? quoted.group(1).replace("''", "'") : null;
    String bare = literal == null ? stripCast(text) : null;
    return switch (column.type()) {
      case INT16, INT32, INT64, DECIMAL, FLOAT32, FLOAT64 ->
          number(literal != null ? literal : bare);
      case BOOLEAN -> bool(target, literal != null ? literal : bare);
      case STRING, JSON -> Optional.ofNullable(literal).map(s -> target.quote(s));
      case UUID ->
          literal != null
              ? Optional.of(target.quote(literal))
              : call(bare, NEW_UUID).map(p -> target.newUuid());
      case DATE ->
          literal != null
              ? temporalLiteral(target, literal)
              : call(bare, TODAY).or(() -> call(bare, NOW)).map(p -> target.currentDate());
      case TIME ->
          literal != null
              ? temporalLiteral(target, literal)
              : call(bare, TIME_NOW).map(p -> target.currentTime());
      case TIMESTAMP, TIMESTAMPTZ ->
          literal != null
              ? temporalLiteral(target, literal)
              : call(bare, NOW).map(p -> target.now(column));
      default -> Optional.empty();
    };
  }

  private static String stripCast(String text) {
    Matcher cast = CAST.matcher(text);
    return unwrap(cast.matches() ? cast.group(1).trim() : text);
  }

  private static Optional<String> number(String text) {
    if (text == null || !NUMBER.matcher(text.trim()).matches()) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(text.trim()).toString());
  }

  private static Optional<String> bool(DefaultSyntax target, String text) {
    if (text == null) {
      return Optional.empty();
    }
    Boolean value =
        switch (text.trim().toLowerCase(Locale.ROOT)) {
          case "true", "t", "1", "b'1'" -> true;
          case "false", "f", "0", "b'0'" -> false;
          default -> null;
        };
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(target.bool(value));
  }

  /** A date or time literal, unless it is a MySQL zero date, which no other engine has. */
  private static Optional<String> temporalLiteral(DefaultSyntax target, String literal) {
    if (literal.startsWith("0000-00-00") || literal.matches("\\d{4}-00-.*|\\d{4}-\\d\\d-00.*")) {
      return Optional.empty();
    }
    return Optional.of(target.quote(literal));
  }

  /** The name of a call to one of {@code names}, or empty. */
  private static Optional<String> call(String text, Set<String> names) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher call = CALL.matcher(text.trim().toLowerCase(Locale.ROOT));
    return call.matches() && names.contains(call.group(1))
        ? Optional.of(call.group(1))
        : Optional.empty();
  }
}
