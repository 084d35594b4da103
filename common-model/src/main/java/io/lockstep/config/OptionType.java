package io.lockstep.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of an option: its name for messages and how a YAML value is turned into it. A parser
 * throws {@link IllegalArgumentException} with a message that completes "expected ..., but was".
 */
public final class OptionType<T> implements Serializable {

  @FunctionalInterface
  interface Parser<T> extends Serializable {
    T parse(Object yamlValue);
  }

  private static final Pattern DURATION_TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  public static final OptionType<String> STRING =
      new OptionType<>(
          "a string",
          v -> {
            if (v instanceof String s) {
              return s;
            }
            if (v instanceof Number || v instanceof Boolean) {
              return v.toString();
            }
            throw new IllegalArgumentException("a string");
          });

  public static final OptionType<Integer> INTEGER =
      new OptionType<>(
          "an integer",
          v -> {
            if (v instanceof Integer i) {
              return i;
            }
            if (v instanceof String s && s.trim().matches("-?\\d{1,9}")) {
              return Integer.parseInt(s.trim());
            }
            throw new IllegalArgumentException("an integer");
          });

  public static final OptionType<Boolean> BOOLEAN =
      new OptionType<>(
          "true or false",
          v -> {
            if (v instanceof Boolean b) {
              return b;
            }
            if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
              return Boolean.parseBoolean(s);
            }
            throw new IllegalArgumentException("true or false");
          });

  public static final OptionType<Duration> DURATION =
      new OptionType<>(
          "a duration such as 500ms, 10s, 2m or 1h",
          v -> {
            Matcher m = DURATION_TEXT.matcher(v instanceof String s ? s.trim() : "");
            if (!m.matches()) {
              throw new IllegalArgumentException("a duration such as 500ms, 10s, 2m or 1h");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(amount);
              case "s" -> Duration.ofSeconds(amount);
              case "m" -> Duration.ofMinutes(amount);
              case "h" -> Duration.ofHours(amount);
              default -> Duration.ofDays(amount);
            };
          });

  public static final OptionType<List<String>> STRING_LIST =
      new OptionType<>(
          "a list of strings",
          v -> {
            if (v instanceof String s) {
              return List.of(s);
            }
            if (v instanceof List<?> list && list.stream().allMatch(e -> e instanceof String)) {
              List<String> copy = new ArrayList<>();
              list.forEach(e -> copy.add((String) e));
              return copy;
            }
            throw new IllegalArgumentException("a list of strings");
          });

  private final String name;
  private final Parser<T> parser;

  private OptionType(String name, Parser<T> parser) {
    this.name = name;
    this.parser = parser;
  }

  /**
   * One of the constants of an enum, written in the file as the constant's {@link Choice#word()}
   * (in any case).
   */
  public static <E extends Enum<E> & Choice> OptionType<E> choice(Class<E> values) {
    E[] constants = values.getEnumConstants();
    String name =
        "one of " + String.join(", ", Arrays.stream(constants).map(Choice::word).toList());
    return new OptionType<>(
        name,
        v -> {
          if (v instanceof String s) {
            String word = s.toLowerCase(Locale.ROOT);
            for (E constant : constants) {
              if (constant.word().equals(word)) {
                return constant;
              }
            }
          }
          throw new IllegalArgumentException(name);
        });
  }

  public String name() {
    return name;
  }

  T parse(Object yamlValue) {
    return parser.parse(yamlValue);
  }
}
