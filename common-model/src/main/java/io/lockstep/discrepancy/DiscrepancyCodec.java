package io.lockstep.discrepancy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.annotation.JsonAppend;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import io.lockstep.event.ExactJson;
import io.lockstep.event.WireFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * JSON form of {@link Discrepancy} on the {@code discrepancies} topic (docs/verification.md): the
 * record mapped by Jackson through the mix-in below, on a mapper of {@link ExactJson}, so that key
 * values keep every digit of a decimal. The record key is the table and primary key, so that every
 * report of one row is in one partition and a consumer can treat the same row reported twice as one
 * item. Version 1; a reader ignores fields it does not know.
 */
public final class DiscrepancyCodec {

  /** The format version, written first as {@code "v"}. */
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      ExactJson.builder()
          .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .addMixIn(Discrepancy.class, DiscrepancyJson.class)
          .build();

  private static final ObjectWriter VALUE_WRITER =
      MAPPER.writerFor(Discrepancy.class).withAttribute("v", VERSION);

  private DiscrepancyCodec() {}

  public static byte[] encodeKey(Discrepancy discrepancy) {
    return write(MAPPER.writer(), new RecordKey(discrepancy.table(), discrepancy.keyJson()));
  }

  public static byte[] encodeValue(Discrepancy discrepancy) {
    return write(VALUE_WRITER, discrepancy);
  }

  public static Discrepancy decodeValue(byte[] bytes) {
    try {
      return MAPPER.readValue(bytes, Discrepancy.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not a discrepancy record", e);
    }
  }

  private static byte[] write(ObjectWriter writer, Object value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record key's JSON. */
  private record RecordKey(
      String table,
      @JsonSerialize(using = WireFields.JsonText.class) @JsonProperty("key") String keyJson) {}

  /** How {@link Discrepancy} is written: field names and order of docs/verification.md. */
  @JsonAppend(prepend = true, attrs = @JsonAppend.Attr("v"))
  @JsonPropertyOrder({
    "pipeline",
    "table",
    "key",
    "kind",
    "columns",
    "position",
    "commit_time",
    "detected_at"
  })
  @JsonIgnoreProperties(ignoreUnknown = true)
  private abstract static class DiscrepancyJson {

    @JsonProperty("key")
    @JsonSerialize(using = WireFields.JsonText.class)
    @JsonDeserialize(using = WireFields.JsonTextReader.class)
    abstract String keyJson();

    @JsonProperty("commit_time")
    @JsonSerialize(using = WireFields.InstantText.class)
    @JsonDeserialize(using = WireFields.InstantTextReader.class)
    abstract Instant commitTime();

    @JsonProperty("detected_at")
    @JsonSerialize(using = WireFields.InstantText.class)
    @JsonDeserialize(using = WireFields.InstantTextReader.class)
    abstract Instant detectedAt();
  }
}
