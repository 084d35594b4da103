package io.lockstep.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A JSON mapper that reads numbers as written: decimals as BigDecimal with their scale, never as
 * doubles. Row keys pass through it, and a key such as 12345678901234567.89 read as a double would
 * come back as another row's key.
 */
public final class ExactJson {

  private ExactJson() {}

  public static ObjectMapper mapper() {
    return builder().build();
  }

  /**
   * A builder of {@link #mapper()}, for a codec that maps its records with Jackson and adds its own
   * mix-ins and features ({@code FailedRowCodec}, {@code DiscrepancyCodec}).
   */
  public static JsonMapper.Builder builder() {
    return JsonMapper.builder(RecordJson.factory())
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true));
  }
}
