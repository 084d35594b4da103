package io.lockstep.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a pipeline file (YAML), checks every key and value against {@link PipelineOptions}, and
 * resolves secrets from the environment. All problems are collected and reported together.
 */
public final class PipelineConfigLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Function<String, String> environment;

  /** A loader that reads secrets from {@code environment} (for example {@code System::getenv}). */
  public PipelineConfigLoader(Function<String, String> environment) {
    this.environment = environment;
  }

  public static PipelineConfigLoader fromSystemEnvironment() {
    return new PipelineConfigLoader(System::getenv);
  }

  public PipelineConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          file.toString(), List.of("file not found; check the path given to --config"));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot be read: " + e.getMessage()));
    }
    return parse(text, file.toString());
  }

  /** Parses YAML text; {@code sourceName} names it in error messages. */
  public PipelineConfig parse(String yaml, String sourceName) {
    Object tree;
    try {
      tree = YAML.readValue(yaml, Object.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          sourceName, List.of("is not valid YAML: " + e.getOriginalMessage()));
    }
    if (!(tree instanceof Map<?, ?> root)) {
      throw new ConfigException(
          sourceName, List.of("must be a YAML mapping with sections pipeline, source, target"));
    }
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", root, flat);
    return validate(flat, sourceName);
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> into) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, into);
      } else {
        into.put(key, e.getValue());
      }
    }
  }

  private PipelineConfig validate(Map<String, Object> flat, String sourceName) {
    List<String> problems = new ArrayList<>();
    Map<String, ConfigOption<?>> known = new LinkedHashMap<>();
    PipelineOptions.ALL.forEach(o -> known.put(o.key(), o));
    Map<String, String> passThrough = new LinkedHashMap<>();

    for (Map.Entry<String, Object> e : flat.entrySet()) {
      String key = e.getKey();
      if (PipelineOptions.PASS_THROUGH_PREFIXES.stream().anyMatch(key::startsWith)) {
        passThrough.put(key, e.getValue() == null ? "" : e.getValue().toString());
      } else if (!known.containsKey(key)) {
        problems.add(unknownKey(key, known.keySet()));
      }
    }

    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> secrets = new LinkedHashMap<>();
    for (ConfigOption<?> option : PipelineOptions.ALL) {
      Object raw = flat.get(option.key());
      if (raw == null) {
        if (option.required()) {
          problems.add(option.key() + ": is required but missing. " + option.description());
        }
        continue;
      }
      parseInto(option, raw, values, problems);
      if (option.secret() && values.get(option.key()) instanceof String variable) {
        String secret = environment.apply(variable);
        if (secret == null) {
          problems.add(
              option.key()
                  + ": environment variable '"
                  + variable
                  + "' is not set. Export it before starting Lockstep (export "
                  + variable
                  + "=...).");
        } else {
          secrets.put(option.key(), secret);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(sourceName, problems);
    }
    return new PipelineConfig(values, passThrough, secrets);
  }

  private static <T> void parseInto(
      ConfigOption<T> option, Object raw, Map<String, Object> values, List<String> problems) {
    T value;
    try {
      value = option.type().parse(raw);
    } catch (IllegalArgumentException e) {
      problems.add(option.key() + ": expected " + e.getMessage() + ", but was " + describe(raw));
      return;
    }
    for (ConfigOption.Rule<T> rule : option.rules()) {
      if (!rule.test().test(value)) {
        problems.add(option.key() + ": " + rule.description() + ", but was " + describe(raw));
        return;
      }
    }
    values.put(option.key(), value);
  }

  private static String unknownKey(String key, Iterable<String> known) {
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = editDistance(key, candidate);
      if (distance < best) {
        best = distance;
        closest = candidate;
      }
    }
    String hint =
        closest != null && best <= Math.max(2, key.length() / 4)
            ? " Did you mean '" + closest + "'?"
            : " See docs/configuration.md for the keys a pipeline file may have.";
    return key + ": unknown key." + hint;
  }

  private static String describe(Object raw) {
    if (raw instanceof String s) {
      return "'" + s + "'";
    }
    if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
      return "a " + (raw instanceof Map<?, ?> ? "mapping" : "list") + " " + raw;
    }
    return String.valueOf(raw);
  }

  /** Levenshtein distance, to suggest the key a typo meant. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
