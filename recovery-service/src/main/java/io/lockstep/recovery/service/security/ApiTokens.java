package io.lockstep.recovery.service.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API's tokens, known only by their SHA-256 hashes: {@code name:role:sha256:<64 hex
 * digits>[,...]}, usually from {@code LOCKSTEP_API_TOKENS}. A presented token is hashed and
 * compared with every entry in constant time, so neither the match nor its position shows in the
 * response time.
 */
public final class ApiTokens {

  private static final String FORMAT =
      "name:role:sha256:<64 hex digits>, comma-separated, role viewer or operator"
          + " (docs/recovery-service.md: printf %s \"$TOKEN\" | sha256sum)";

  /** One token: a name for the audit log, a role, and the hash of the secret. */
  public record Entry(String name, Role role, byte[] sha256) {}

  private final List<Entry> entries;

  private ApiTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses the configured list; the message of a bad entry names the property and the entry's
   * position, never its hash.
   */
  public static ApiTokens parse(String text) {
    List<Entry> entries = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return new ApiTokens(entries);
    }
    Set<String> names = new HashSet<>();
    String[] items = text.split(",");
    for (int i = 0; i < items.length; i++) {
      String item = items[i].trim();
      String[] parts = item.split(":");
      String where = "lockstep.api.tokens (LOCKSTEP_API_TOKENS), entry " + (i + 1);
      if (parts.length != 4) {
        throw new IllegalArgumentException(
            where + ": expected " + FORMAT + ", but it has " + parts.length + " ':'-parts");
      }
      String name = parts[0].trim();
      if (!name.matches("[A-Za-z0-9_.@-]{1,64}")) {
        throw new IllegalArgumentException(
            where + ": the name must be 1 to 64 letters, digits or _.@-, but was '" + name + "'");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException(where + ": the name '" + name + "' is used twice");
      }
      Role role;
      try {
        role = Role.parse(parts[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where + ": the role must be viewer or operator, but was '" + parts[1].trim() + "'");
      }
      if (!"sha256".equalsIgnoreCase(parts[2].trim())) {
        throw new IllegalArgumentException(
            where + ": the only hash is sha256, but was '" + parts[2].trim() + "'");
      }
      String hex = parts[3].trim();
      if (!hex.matches("[0-9a-fA-F]{64}")) {
        throw new IllegalArgumentException(
            where
                + ": the hash must be 64 hex digits (the SHA-256 of the token, not the token"
                + " itself)");
      }
      entries.add(new Entry(name, role, HexFormat.of().parseHex(hex.toLowerCase())));
    }
    return new ApiTokens(entries);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /** The entry whose hash is the token's, comparing with every entry in constant time. */
  public Optional<Entry> match(String token) {
    byte[] presented = sha256(token);
    Entry found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.sha256(), presented) && found == null) {
        found = entry;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The SHA-256 of a token, in hex: the last part of its entry. */
  public static String hash(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  /** A new random token: 32 bytes, URL-safe Base64. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
