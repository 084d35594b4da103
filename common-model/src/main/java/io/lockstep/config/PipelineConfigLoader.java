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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a pipeline file (YAML), checks every key and value against {@link PipelineOptions}, and
 * checks that every secret it names can be read. All problems are collected and reported together;
 * no message shows a secret, nor a value given to an option that names one.
 */
public final class PipelineConfigLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** How the YAML parser names a position, above the line of the file it quotes. */
  private static final Pattern YAML_POSITION =
      Pattern.compile("\\s*in '[^']*', line (\\d+), column (\\d+):");

  /** How the loader treats the secrets a file names. */
  private enum Secrets {
    /** Checked in this process's environment and files; read again where they are used. */
    CHECKED,
    /**
     * Read from an in-process stand-in for the environment and kept in this JVM's {@link
     * SecretRegistry} for the jobs it runs itself.
     */
    KEPT_IN_THIS_JVM,
    /** Not read: they are read on another machine (lockstep submit). */
    READ_ELSEWHERE
  }

  private final Function<String, String> environment;
  private final Secrets secrets;

  /**
   * A loader that reads secrets' environment variables from {@code environment}, an in-process
   * stand-in for the environment (the quickstart's, tests'). The values are kept in this JVM's
   * {@link SecretRegistry}, so the jobs of a MiniCluster in this JVM read them from there; a job
   * graph carries only the variable's name.
   */
  public PipelineConfigLoader(Function<String, String> environment) {
    this(environment, Secrets.KEPT_IN_THIS_JVM);
  }

  private PipelineConfigLoader(Function<String, String> environment, Secrets secrets) {
    this.environment = environment;
    this.secrets = secrets;
  }

  /** A loader for this process's environment: each secret must be readable here. */
  public static PipelineConfigLoader fromSystemEnvironment() {
    return new PipelineConfigLoader(System::getenv, Secrets.CHECKED);
  }

  /**
   * A loader that checks how secrets are named but does not read them, for a file whose jobs run on
   * another machine, which reads them from its own environment or files.
   */
  public static PipelineConfigLoader readingSecretsElsewhere() {
    return new PipelineConfigLoader(variable -> null, Secrets.READ_ELSEWHERE);
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
          sourceName, List.of("is not valid YAML: " + withoutQuotedLines(e.getOriginalMessage())));
    }
    if (!(tree instanceof Map<?, ?> root)) {
      throw new ConfigException(
          sourceName, List.of("must be a YAML mapping with sections pipeline, source, target"));
    }
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", root, flat);
    return validate(flat, sourceName);
  }

  /**
   * The YAML parser's message without the lines of the file it quotes under each position: such a
   * line may hold a pass-through secret (a JAAS configuration, a key password). The line and column
   * numbers stay.
   */
  static String withoutQuotedLines(String message) {
    List<String> kept = new ArrayList<>();
    String[] lines = message.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      Matcher position = YAML_POSITION.matcher(lines[i]);
      if (position.matches()) {
        kept.add("at line " + position.group(1) + ", column " + position.group(2));
        i += 2; // the quoted line and the caret under it
      } else if (!lines[i].isBlank()) {
        kept.add(lines[i].trim());
      }
    }
    return String.join(" ", kept);
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
    Map<String, PipelineOption<?>> known = new LinkedHashMap<>();
    PipelineOptions.ALL.forEach(o -> known.put(o.key(), o));
    Map<String, String> passThrough = new LinkedHashMap<>();

    for (Map.Entry<String, Object> e : flat.entrySet()) {
      String key = e.getKey();
      if (PipelineOptions.PASS_THROUGH_PREFIXES.stream().anyMatch(key::startsWith)) {
        ReservedPassThroughKeys.problem(key).ifPresent(problems::add);
        passThrough.put(key, e.getValue() == null ? "" : e.getValue().toString());
      } else if (!known.containsKey(key)) {
        problems.add(unknownKey(key, known.keySet()));
      }
    }

    Map<String, Object> values = new LinkedHashMap<>();
    for (PipelineOption<?> option : PipelineOptions.ALL) {
      Object raw = flat.get(option.key());
      if (raw == null) {
        if (option.required()) {
          problems.add(option.key() + ": is required but missing. " + option.description());
        }
        continue;
      }
      parseInto(option, raw, values, problems);
    }
    Map<String, String> kept = new LinkedHashMap<>();
    for (SecretOptions secret : PipelineOptions.SECRETS) {
      checkSecret(secret, flat, values, kept, problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(sourceName, problems);
    }
    return new PipelineConfig(values, passThrough, SecretRegistry.keep(kept));
  }

  /**
   * Checks that the file names {@code secret} once, and (unless it is read elsewhere) that it can
   * be read; adds an in-process environment's value to {@code kept}.
   */
  private void checkSecret(
      SecretOptions secret,
      Map<String, Object> flat,
      Map<String, Object> values,
      Map<String, String> kept,
      List<String> problems) {
    boolean byVariable = flat.get(secret.environmentVariable().key()) != null;
    boolean byFile = flat.get(secret.file().key()) != null;
    if (byVariable && byFile) {
      problems.add(
          secret.keys() + ": give one of the two, not both, for the " + secret.what() + ".");
      return;
    }
    if (!byVariable && !byFile) {
      problems.add(
          secret.keys()
              + ": one is required but both are missing. "
              + secret.environmentVariable().description());
      return;
    }
    PipelineOption<String> named = byVariable ? secret.environmentVariable() : secret.file();
    if (!values.containsKey(named.key()) || secrets == Secrets.READ_ELSEWHERE) {
      return; // refused above, or read on the machine that runs the jobs
    }
    SecretReference reference =
        new SecretReference(
            named.key(), named.secretSource(), (String) values.get(named.key()), null);
    try {
      String value = reference.resolve(environment);
      if (secrets == Secrets.KEPT_IN_THIS_JVM
          && named.secretSource() == SecretSource.ENVIRONMENT_VARIABLE) {
        kept.put(named.key(), value);
      }
    } catch (MissingSecretException e) {
      problems.add(e.getMessage());
    }
  }

  private static <T> void parseInto(
      PipelineOption<T> option, Object raw, Map<String, Object> values, List<String> problems) {
    T value;
    try {
      value = option.type().parse(raw);
    } catch (IllegalArgumentException e) {
      problems.add(option.key() + ": expected " + e.getMessage() + shownValue(option, raw));
      return;
    }
    for (PipelineOption.Rule<T> rule : option.rules()) {
      if (!rule.test().test(value)) {
        problems.add(option.key() + ": " + rule.description() + shownValue(option, raw));
        return;
      }
    }
    values.put(option.key(), value);
  }

  /**
   * ", but was ..." for a message about a refused value; nothing of the value for an option that
   * names a secret, whose refused value may be the secret pasted in by mistake.
   */
  private static String shownValue(PipelineOption<?> option, Object raw) {
    if (option.secret()) {
      return ". The value given is not shown, in case it is the secret itself.";
    }
    return ", but was " + describe(raw);
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
