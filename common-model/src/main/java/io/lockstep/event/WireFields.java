package io.lockstep.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Jackson serializers for fields that Lockstep's Jackson-mapped records (failed rows,
 * discrepancies) write in a form of their own: a row's key held as JSON text and written as that
 * JSON, and instants in the change topics' text form. Used on a mapper of {@link ExactJson}, so a
 * decimal key keeps every digit.
 */
public final class WireFields {

  private WireFields() {}

  /** JSON text written as the JSON it holds; text that is not JSON fails the record. */
  public static final class JsonText extends StdSerializer<String> {
    public JsonText() {
      super(String.class);
    }

    @Override
    public void serialize(String json, JsonGenerator g, SerializerProvider provider)
        throws IOException {
      JsonNode tree;
      try {
        tree = ((ObjectMapper) g.getCodec()).readTree(json);
      } catch (IOException e) {
        throw new IOException("key is not JSON: " + json, e);
      }
      g.writeTree(tree);
    }
  }

  /**
   * JSON text written as the JSON it holds, or as a string when it is not JSON: a dead-letter
   * record quotes a refused record's key as it came, whatever it is.
   */
  public static final class JsonTextOrString extends StdSerializer<String> {
    public JsonTextOrString() {
      super(String.class);
    }

    @Override
    public void serialize(String json, JsonGenerator g, SerializerProvider provider)
        throws IOException {
      JsonNode tree;
      try {
        tree = ((ObjectMapper) g.getCodec()).readTree(json);
      } catch (IOException e) {
        g.writeString(json);
        return;
      }
      g.writeTree(tree);
    }
  }

  /** Any JSON value read back as its text, decimals with every digit and their scale. */
  public static final class JsonTextReader extends StdDeserializer<String> {
    public JsonTextReader() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
      JsonNode tree = p.readValueAsTree();
      return tree.toString();
    }
  }

  /** An instant as the change topics write it ({@link ValueCodec#formatInstant}). */
  public static final class InstantText extends StdSerializer<Instant> {
    public InstantText() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant instant, JsonGenerator g, SerializerProvider provider)
        throws IOException {
      g.writeString(ValueCodec.formatInstant(instant));
    }
  }

  /** An instant in ISO-8601 text. */
  public static final class InstantTextReader extends StdDeserializer<Instant> {
    public InstantTextReader() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
      return Instant.parse(p.getValueAsString());
    }
  }
}
