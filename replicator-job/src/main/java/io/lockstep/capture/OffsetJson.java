package io.lockstep.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Debezium partition and offset maps as JSON text, the form they take in Flink state. */
final class OffsetJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OffsetJson() {}

  static String write(Map<String, ?> map) {
    try {
      return MAPPER.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode Debezium offset " + map, e);
    }
  }

  static Map<String, Object> read(String json) {
    try {
      return MAPPER.readValue(json, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Debezium offset in Flink state is not valid JSON", e);
    }
  }
}
