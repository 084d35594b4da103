package io.lockstep.types;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A JSON document in one canonical text, so that documents PostgreSQL's jsonb, MariaDB and MySQL
 * store differently compare equal: object keys sorted, no whitespace, numbers as their exact
 * decimal value ({@code 1.50} and {@code 1.5e0} are {@code 1.5}), string escapes resolved (an
 * escaped {@code é} is {@code é}), and a key given twice keeping its last value, as jsonb does.
 */
final class JsonCanonical {

  /**
   * Nesting PostgreSQL and MariaDB/MySQL accept is far below this; deeper documents are compared as
   * text. The writer below recurses, so the bound also keeps it off the stack's end.
   */
  private static final int MAX_DEPTH = 2000;

  /** Jackson's default limits (20 M characters per string, 1,000 digits) are below the engines'. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .build())
          .streamWriteConstraints(
              StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
          .build();

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(FACTORY)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private JsonCanonical() {}

  /** The canonical text of {@code json}, or {@code json} itself when it is not valid JSON. */
  static String of(String json) {
    JsonNode node = parse(json);
    return node == null ? json : write(node);
  }

  /** The document, or null when {@code json} is not one valid JSON value. */
  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String write(JsonNode node) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, JsonNode node) throws IOException {
    if (node.isObject()) {
      List<String> names = new ArrayList<>(node.size());
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      Collections.sort(names);
      g.writeStartObject();
      for (String name : names) {
        g.writeFieldName(name);
        write(g, node.get(name));
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (JsonNode element : node) {
        write(g, element);
      }
      g.writeEndArray();
    } else if (node.isNumber()) {
      g.writeNumber(number(node.decimalValue()));
    } else {
      g.writeTree(node);
    }
  }

  /**
   * A number's exact value in one spelling: trailing zeros dropped, plain digits unless the
   * exponent is large (1e400 stays short).
   */
  static String number(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = value.stripTrailingZeros();
    return Math.abs(stripped.scale()) <= 64 ? stripped.toPlainString() : stripped.toString();
  }
}
