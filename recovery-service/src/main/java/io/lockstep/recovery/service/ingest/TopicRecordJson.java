package io.lockstep.recovery.service.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/**
 * The JSON reader of failed-rows and discrepancy records. Jackson's default stops at a string of
 * 20,000,000 characters, and a row can hold more (a 15 MiB bytea is a 20 MiB string): with it such
 * a row became an undecodable item. Strings up to 64 MiB are read, the producers' record limit, and
 * numbers up to 200,000 digits (a PostgreSQL numeric has at most 147,455). Decimals keep every
 * digit, so a key {@code 1.10} is the same item from both topics.
 */
final class TopicRecordJson {

  static final int MAX_STRING_LENGTH = 64 * 1024 * 1024;
  static final int MAX_NUMBER_LENGTH = 200_000;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxStringLength(MAX_STRING_LENGTH)
                          .maxNumberLength(MAX_NUMBER_LENGTH)
                          .build())
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private TopicRecordJson() {}

  /**
   * @throws IOException when the value is not JSON, or holds a string or number over the limits
   */
  static JsonNode read(byte[] value) throws IOException {
    return MAPPER.readTree(value);
  }
}
