package io.lockstep.config;

import java.util.regex.Pattern;

/**
 * How a configuration value is shown when Lockstep prints it. Pass-through keys are free-form, so a
 * secret there is recognised by its key's name or by its value's shape; masking too much is
 * harmless, printing one password is not.
 */
public final class SecretMasking {

  /** What a masked value prints as. */
  public static final String MASK = "****";

  /** Key names of secrets in Kafka, Debezium and JDBC settings, in any case. */
  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "password|passwd|passphrase|secret|token|credential|jaas|ssl\\.key"
              + "|private[._-]?key|api[._-]?key|user\\.info",
          Pattern.CASE_INSENSITIVE);

  /** A JAAS configuration, such as sasl.jaas.config holds: it carries a password inline. */
  private static final Pattern JAAS_CONFIG =
      Pattern.compile(
          "LoginModule\\s+(required|requisite|sufficient|optional)\\b", Pattern.CASE_INSENSITIVE);

  /** {@code password=...}, {@code secret: ...} inside a longer value (a URL's query, a list). */
  private static final Pattern SECRET_ASSIGNMENT =
      Pattern.compile("(password|passwd|secret|token)\\s*[=:]", Pattern.CASE_INSENSITIVE);

  /** The password of a URL's user information: {@code scheme://user:password@host}. */
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@:\\s]*:)[^/@\\s]+@");

  private SecretMasking() {}

  /** Whether a key's name says its value is a secret. */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).find();
  }

  /** Whether a value looks like it holds a secret, whatever its key. */
  public static boolean looksSecret(String value) {
    return JAAS_CONFIG.matcher(value).find() || SECRET_ASSIGNMENT.matcher(value).find();
  }

  /** {@code value} as it may be printed under {@code key}. */
  public static String shown(String key, Object value) {
    String text = String.valueOf(value);
    if (isSecretKey(key) || looksSecret(text)) {
      return MASK;
    }
    return URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
  }
}
