package io.lockstep.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON factory of every codec of Lockstep's Kafka records (change events, failed rows,
 * discrepancies). Jackson's default string limit (20,000,000 characters) is below what a row holds:
 * a 15 MiB bytea is a 20 MiB base64 string. A record's size is bounded by Kafka (and by {@code
 * kafka.max-record-bytes} at the capture), so strings need no limit of their own. Numbers keep
 * Jackson's limit of 1,000 digits: decimals travel as strings, so no genuine number comes near it,
 * and a forged number of millions of digits would take minutes to parse.
 */
public final class RecordJson {

  private static final StreamReadConstraints UNBOUNDED_VALUES =
      StreamReadConstraints.builder()
          .maxStringLength(Integer.MAX_VALUE)
          .maxNameLength(Integer.MAX_VALUE)
          .build();

  private RecordJson() {}

  /** A factory whose parsers read values of any length the record holds. */
  public static JsonFactory factory() {
    return JsonFactory.builder().streamReadConstraints(UNBOUNDED_VALUES).build();
  }

  /** A mapper on {@link #factory()}. */
  public static ObjectMapper mapper() {
    return JsonMapper.builder(factory()).build();
  }
}
