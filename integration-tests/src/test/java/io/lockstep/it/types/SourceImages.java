package io.lockstep.it.types;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.catalog.CatalogReader;
import io.lockstep.catalog.RowImage;
import io.lockstep.catalog.SourceRows;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.TableSelection;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableSchema;
import io.lockstep.runner.TopicRecords;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.types.ValueNormaliser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks {@link SourceRows} against the capture: every row of a table, read back by key, must
 * encode to exactly the column values (and types) the capture's newest event of that row carries in
 * Kafka. Force-sync publishes such images in place of events, so any difference would be a change
 * the apply job and the verifier see that never happened.
 */
final class SourceImages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SourceImages() {}

  /** A captured event: its decoded form and the JSON the capture wrote. */
  private record Captured(ChangeEvent event, JsonNode json) {}

  static void matchCapturedEvents(
      EmbeddedStack stack, PipelineConfig config, String schema, String table, int rows)
      throws Exception {
    Map<String, Captured> newest = new LinkedHashMap<>();
    TableSchema source;
    try (Connection connection = stack.source().connect()) {
      source =
          TableSelection.of(config)
              .replicated(
                  CatalogReader.describe(connection, stack.source().engine(), schema, table)
                      .orElseThrow());
    }
    String topic = PipelineTopics.changes(config.topicPrefix(), source.id());
    Function<byte[], Captured> decode =
        bytes -> new Captured(ChangeEventCodec.decodeValue(bytes), tree(bytes));
    for (Captured captured :
        TopicRecords.readAll(stack.kafka().bootstrapServers(), topic, decode)) {
      String key = new String(ChangeEventCodec.encodeKey(captured.event()));
      Captured before = newest.get(key);
      if (before == null || before.event().position().compareTo(captured.event().position()) <= 0) {
        newest.put(key, captured);
      }
    }
    assertThat(newest).as("captured rows of %s", topic).hasSize(rows);

    List<Map<String, Object>> keys = new ArrayList<>();
    newest.values().forEach(c -> keys.add(c.event().key()));
    List<Optional<RowImage>> images;
    try (Connection connection = stack.source().connect()) {
      images = new SourceRows(stack.source().engine(), source, 4).read(connection, keys);
    }

    List<String> differences = new ArrayList<>();
    int i = 0;
    for (Captured captured : newest.values()) {
      Optional<RowImage> image = images.get(i++);
      ChangeEvent event = captured.event();
      if (event.isDelete()) {
        assertThat(image).as("row %s was deleted", event.key()).isEmpty();
        continue;
      }
      assertThat(image).as("row %s is on the source", event.key()).isPresent();
      JsonNode read =
          tree(
              ChangeEventCodec.encodeValue(
                  image.get().toSnapshotRead(Instant.EPOCH, event.position())));
      differences.addAll(compare(event, captured.json(), read, image.get()));
    }
    assertThat(differences)
        .as("source rows read by key that differ from their captured events")
        .isEmpty();
  }

  private static List<String> compare(
      ChangeEvent event, JsonNode captured, JsonNode read, RowImage image) {
    List<String> differences = new ArrayList<>();
    Map<String, JsonNode> capturedColumns = columns(captured);
    Map<String, JsonNode> readColumns = columns(read);
    assertThat(readColumns.keySet())
        .as("columns of row %s", event.key())
        .containsExactlyElementsOf(capturedColumns.keySet());
    for (String name : capturedColumns.keySet()) {
      JsonNode capturedColumn = capturedColumns.get(name);
      JsonNode readColumn = readColumns.get(name);
      String what = "row " + event.key() + " column " + name;
      if (!capturedColumn.path("type").equals(readColumn.path("type"))
          || !capturedColumn.path("element").equals(readColumn.path("element"))) {
        differences.add(what + ": captured as " + capturedColumn + ", read as " + readColumn);
        continue;
      }
      assertThat(captured.path("after").has(name)).as("%s is in the captured image", what).isTrue();
      JsonNode capturedValue = captured.path("after").path(name);
      JsonNode readValue = read.path("after").path(name);
      if (!capturedValue.equals(readValue)) {
        ColumnSchema column = event.schema().column(name).orElseThrow();
        differences.add(
            what
                + ": captured "
                + abbreviate(capturedValue)
                + ", read "
                + abbreviate(readValue)
                + (Objects.equals(
                        ValueNormaliser.normalise(column, event.after().get(name)),
                        ValueNormaliser.normalise(column, image.values().get(name)))
                    ? " (normaliser-equal)"
                    : ""));
      }
    }
    return differences;
  }

  private static Map<String, JsonNode> columns(JsonNode event) {
    Map<String, JsonNode> columns = new LinkedHashMap<>();
    event.path("columns").forEach(c -> columns.put(c.path("name").asText(), c));
    return columns;
  }

  private static String abbreviate(JsonNode value) {
    String text = value.toString();
    return text.length() <= 120 ? text : text.substring(0, 120) + "…(" + text.length() + ")";
  }

  private static JsonNode tree(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
