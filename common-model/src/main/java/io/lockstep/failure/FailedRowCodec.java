package io.lockstep.failure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonAppend;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.event.ExactJson;
import io.lockstep.event.WireFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * JSON form of {@link FailedRow} on the {@code failed-rows} topic (documented in
 * docs/failure-handling.md): the record mapped by Jackson through the mix-ins below, on a mapper of
 * {@link ExactJson}. The embedded change event has the change topics' format. Version 1; a reader
 * ignores fields it does not know.
 */
public final class FailedRowCodec {

  /** The format version, written first as {@code "v"}. */
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      ExactJson.builder()
          .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .addMixIn(FailedRow.class, FailedRowJson.class)
          .addMixIn(FailedRow.Error.class, ErrorJson.class)
          .build();

  private static final ObjectWriter VALUE_WRITER =
      MAPPER.writerFor(FailedRow.class).withAttribute("v", VERSION);

  private FailedRowCodec() {}

  /** The record key: table and primary key, so every record of one row is in one partition. */
  public static byte[] encodeKey(FailedRow row) {
    return write(MAPPER.writer(), new RecordKey(row.table(), row.keyJson()));
  }

  public static byte[] encodeValue(FailedRow row) {
    return write(VALUE_WRITER, row);
  }

  public static FailedRow decodeValue(byte[] bytes) {
    try {
      return MAPPER.readValue(bytes, FailedRow.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not a failed-rows record", e);
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
      @JsonSerialize(using = WireFields.JsonTextOrString.class) @JsonProperty("key")
          String keyJson) {}

  /** How {@link FailedRow} is written: field names and order of docs/failure-handling.md. */
  @JsonAppend(prepend = true, attrs = @JsonAppend.Attr("v"))
  @JsonPropertyOrder({
    "kind",
    "pipeline",
    "table",
    "key",
    "position",
    "error",
    "attempts",
    "at",
    "related_position",
    "event",
    "raw"
  })
  @JsonIgnoreProperties(ignoreUnknown = true)
  private abstract static class FailedRowJson {

    @JsonProperty("key")
    @JsonSerialize(using = WireFields.JsonTextOrString.class)
    @JsonDeserialize(using = WireFields.JsonTextReader.class)
    abstract String keyJson();

    /** Absent, rather than null, for the kinds without an error. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    abstract FailedRow.Error error();

    @JsonSerialize(using = WireFields.InstantText.class)
    @JsonDeserialize(using = WireFields.InstantTextReader.class)
    abstract Instant at();

    @JsonProperty("related_position")
    abstract String relatedPosition();

    @JsonSerialize(using = EventJson.class)
    @JsonDeserialize(using = EventJsonReader.class)
    abstract ChangeEvent event();
  }

  @JsonPropertyOrder({"class", "sql_state", "vendor_code", "message"})
  @JsonIgnoreProperties(ignoreUnknown = true)
  private abstract static class ErrorJson {

    @JsonProperty("class")
    abstract String errorClass();

    @JsonProperty("sql_state")
    abstract String sqlState();

    @JsonProperty("vendor_code")
    abstract int vendorCode();
  }

  /** The change event as the change topics write it. */
  private static final class EventJson extends StdSerializer<ChangeEvent> {
    EventJson() {
      super(ChangeEvent.class);
    }

    @Override
    public void serialize(ChangeEvent event, JsonGenerator g, SerializerProvider provider)
        throws IOException {
      g.writeRawValue(new String(ChangeEventCodec.encodeValue(event), StandardCharsets.UTF_8));
    }
  }

  /** The change event read by the change topics' codec. */
  private static final class EventJsonReader extends StdDeserializer<ChangeEvent> {
    EventJsonReader() {
      super(ChangeEvent.class);
    }

    @Override
    public ChangeEvent deserialize(JsonParser p, DeserializationContext context)
        throws IOException {
      String json = p.readValueAsTree().toString();
      return ChangeEventCodec.decodeValue(json.getBytes(StandardCharsets.UTF_8));
    }
  }
}
