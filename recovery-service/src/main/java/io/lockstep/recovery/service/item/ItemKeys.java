package io.lockstep.recovery.service.item;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/**
 * The one text form of a row key, so that the same key from the two topics and from the API is the
 * same item: a JSON object with its fields sorted by name, numbers as written (scale kept).
 */
public final class ItemKeys {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ItemKeys() {}

  /**
   * @throws IllegalArgumentException when {@code json} is not a JSON object
   */
  public static String canonical(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("a row key must be a JSON object, but was: " + json);
      }
      return MAPPER.writeValueAsString(MAPPER.convertValue(node, Map.class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "a row key must be a JSON object, but was not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The canonical form of a key already parsed (by the ingest, whose reader keeps every digit).
   *
   * @throws IllegalArgumentException when {@code node} is not a JSON object
   */
  public static String canonical(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "a row key must be a JSON object, but was: "
              + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
    }
    try {
      return MAPPER.writeValueAsString(MAPPER.convertValue(node, Map.class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the row key cannot be written as JSON", e);
    }
  }

  /** The key's column values, for callers that pass a key on as a map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> values(String canonicalJson) {
    try {
      return MAPPER.readValue(canonicalJson, Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a key: " + canonicalJson, e);
    }
  }

  /**
   * Whether a canonical key names a whole table rather than a row: every captured table has key
   * columns, so only a truncate's key is the empty object.
   */
  public static boolean namesATable(String canonicalKey) {
    return TABLE_KEY.equals(canonicalKey);
  }

  /** The canonical key of a truncate. */
  public static final String TABLE_KEY = "{}";
}
