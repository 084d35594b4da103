package io.lockstep.it.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.event.SourcePosition;
import io.lockstep.failure.FailedRow;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.FailedRowsTopic;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineJob;
import io.lockstep.runner.PipelineMetrics;
import io.lockstep.runner.TopicRecords;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records anyone with write access to the change topics could put there, and rows whose values the
 * capture cannot carry: each is refused or dead-lettered with its reason, the target keeps its
 * rows, genuine changes go on being applied, and no job restarts (a restart would read the same
 * record again, for ever).
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class HostileRecordsIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedStack stack;
  private static PipelineConfig config;
  private static LocalPipeline pipeline;
  private static PipelineMetrics metrics;
  private static String itemsTopic;
  private static URI rest;

  @BeforeAll
  static void start() throws Exception {
    stack = STACK.stack();
    Tables.execute(
        stack.source(),
        "CREATE SCHEMA hostile",
        "CREATE TABLE hostile.items (id integer PRIMARY KEY, note text)",
        "INSERT INTO hostile.items SELECT g, 'row ' || g FROM generate_series(1, 50) g",
        "CREATE TABLE hostile.edge (id integer PRIMARY KEY, at timestamptz, doc text, day date)",
        "CREATE TABLE hostile.fuzz (id integer PRIMARY KEY, note text, amount numeric)");
    for (String table : List.of("items", "edge", "fuzz")) {
      Tables.execute(
          stack.target(),
          table.equals("items") ? "CREATE SCHEMA hostile" : "SELECT 1",
          table.equals("edge")
              ? "CREATE TABLE hostile.edge (id integer PRIMARY KEY, at timestamptz, doc text, day date)"
              : table.equals("fuzz")
                  ? "CREATE TABLE hostile.fuzz (id integer PRIMARY KEY, note text, amount numeric)"
                  : "CREATE TABLE hostile.items (id integer PRIMARY KEY, note text)");
    }
    config =
        QuickstartConfig.of(stack, "hostile", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("hostile\\..*"))
            // The smallest limit, so that the test's rows can be over it without being huge.
            .with(PipelineOptions.KAFKA_MAX_RECORD_BYTES, 65_536)
            .with(PipelineOptions.VERIFY_DELAY, Duration.ofSeconds(2));
    itemsTopic = config.topicPrefix() + "." + stack.source().database() + ".hostile.items";
    // The verifier reads the same records as the apply job, so it runs too.
    pipeline = new LocalPipeline(stack.flink(), config).start(EnumSet.allOf(PipelineJob.class));
    metrics = new PipelineMetrics(stack.flink().restAddress());
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "hostile", List.of("items"), Duration.ofMinutes(2));
  }

  @Test
  void forgedAndMalformedRecordsAreRefusedAndTheTargetKeepsItsRows() throws Exception {
    ChangeEvent genuine = firstChangeOf(itemsTopic);
    String realPosition = genuine.position();
    long epoch = SourcePosition.epochOf(realPosition);
    Map<String, Object> row1 = Map.of("id", 1, "note", "forged");
    List<byte[][]> hostile = new ArrayList<>();
    hostile.add(new byte[][] {null, ChangeEventCodec.encodeValue(genuine)});
    hostile.add(new byte[][] {ChangeEventCodec.encodeKey(genuine), null});
    hostile.add(new byte[][] {bytes("{\"id\":1}"), bytes("not json at all")});
    hostile.add(new byte[][] {bytes("{\"id\":1}"), bytes("{\"v\":99,\"op\":\"c\"}")});
    // "~" sorts above every position: it would freeze row 1 on the target for good.
    hostile.add(record(genuine, row1, "~"));
    hostile.add(record(genuine, row1, realPosition.toLowerCase() + "ff"));
    hostile.add(record(genuine, row1, SourcePosition.mariadb(epoch, 1, 2, 3, 4)));
    // A higher epoch nobody announced: raising to it would sweep every row of the target.
    hostile.add(record(genuine, row1, SourcePosition.postgres(epoch + 1_000_000, 1, 2)));
    // A change of another table, on this table's topic.
    String foreign =
        new String(ChangeEventCodec.encodeValue(genuine), StandardCharsets.UTF_8)
            .replace("\"name\":\"items\"", "\"name\":\"fuzz\"");
    hostile.add(new byte[][] {ChangeEventCodec.encodeKey(genuine), bytes(foreign)});
    produce(itemsTopic, hostile);

    // A genuine change after them is applied.
    Tables.execute(stack.source(), "UPDATE hostile.items SET note = 'after' WHERE id IN (1, 2)");
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "hostile", List.of("items"), Duration.ofMinutes(2));
    assertThat(Tables.count(stack.target(), "SELECT count(*) FROM hostile.items WHERE id <= 50"))
        .isEqualTo(50);

    List<FailedRow> refused =
        failedRows(
            r -> r.kind() == FailedRow.Kind.UNDECODABLE && r.table().equals(itemsTopic),
            hostile.size());
    assertThat(refused).hasSize(hostile.size());
    assertThat(refused)
        .extracting(r -> r.error().message())
        .anySatisfy(m -> assertThat(m).contains("no key"))
        .anySatisfy(m -> assertThat(m).contains("no value"))
        .anySatisfy(m -> assertThat(m).contains("not a change event"))
        .anySatisfy(m -> assertThat(m).contains("position '~'"))
        .anySatisfy(m -> assertThat(m).contains("never announced"))
        .anySatisfy(m -> assertThat(m).contains("whose topic is"));
    assertThat(refused).allSatisfy(r -> assertThat(r.error().message()).contains(itemsTopic + "/"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> metrics.metric(pipeline.applyJob(), "lockstepRecordsRefused", "sum"),
            n -> n >= hostile.size());
    // The verifier reads the same records: it skips what it cannot check and goes on. (It checks
    // only the newest change of a key when it is due, so not every refused record reaches it.)
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> metrics.metric(pipeline.verifyJob(), "lockstepVerifyRecordsSkipped", "sum"),
            n -> n >= 1);
    assertNoRestarts();
  }

  @Test
  void mutatedChangeRecordsAreAppliedOrDeadLetteredAndNoJobRestarts() throws Exception {
    Tables.execute(
        stack.source(),
        "INSERT INTO hostile.fuzz SELECT g, 'note ' || g, g * 1.5 FROM generate_series(1, 200) g");
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "hostile", List.of("fuzz"), Duration.ofMinutes(2));
    String topic = config.topicPrefix() + "." + stack.source().database() + ".hostile.fuzz";
    List<byte[][]> originals =
        TopicRecords.readAll(stack.kafka().bootstrapServers(), topic, value -> value).stream()
            .map(value -> new byte[][] {bytes("{\"id\":1}"), value})
            .toList();
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<byte[][]> mutated = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[][] original = originals.get(random.nextInt(originals.size()));
      mutated.add(new byte[][] {original[0], mutate(original[1], random)});
    }
    long appliedBefore = settled("lockstepEventsApplied");
    long refusedBefore = Math.max(0, settled("lockstepRecordsRefused"));
    long parkedBefore = Math.max(0, settled("lockstepRowsParked"));
    produce(topic, mutated);
    // Every mutated record is accounted for: applied (or refused by the target, and counted as
    // received), parked behind a refused one, or refused as no change of this pipeline.
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                assertThat(
                        metrics.metric(pipeline.applyJob(), "lockstepEventsApplied", "sum")
                            - appliedBefore
                            + metrics.metric(pipeline.applyJob(), "lockstepRecordsRefused", "sum")
                            - refusedBefore
                            + Math.max(
                                0, metrics.metric(pipeline.applyJob(), "lockstepRowsParked", "sum"))
                            - parkedBefore)
                    .as("mutated records accounted for (seed %d)", seed)
                    .isEqualTo(mutated.size()));
    assertNoRestarts();
    // And the pipeline still replicates.
    Tables.execute(stack.source(), "INSERT INTO hostile.items VALUES (1000, 'still going')");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                Tables.count(stack.target(), "SELECT count(*) FROM hostile.items WHERE id = 1000"),
            n -> n == 1);
  }

  @Test
  void valuesTheCaptureCannotCarryAreDeadLetteredAndTheCaptureGoesOn() throws Exception {
    String under = "a".repeat(30_000);
    String over = "b".repeat(70_000);
    Tables.execute(
        stack.source(),
        "INSERT INTO hostile.edge VALUES (1, 'infinity', 'x', NULL), (2, '-infinity', 'x', NULL),"
            + " (3, now(), '"
            + under
            + "', NULL), (4, now(), '"
            + over
            + "', NULL), (5, '2026-12-07 10:00+00', 'ok', NULL), (6, now(), 'x', 'infinity')");
    // Infinities replicate exactly; the record under the limit is written.
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> Tables.count(stack.target(), "SELECT count(*) FROM hostile.edge"), n -> n == 4);
    assertThat(
            Tables.count(
                stack.target(),
                "SELECT count(*) FROM hostile.edge WHERE id IN (1, 2, 3, 5)"
                    + " AND (id <> 1 OR at = 'infinity') AND (id <> 2 OR at = '-infinity')"
                    + " AND (id <> 3 OR length(doc) = 30000)"))
        .isEqualTo(4);
    // The record over the limit and the value the capture cannot represent are dead-lettered.
    List<FailedRow> notCaptured = failedRows(r -> r.kind() == FailedRow.Kind.NOT_CAPTURED, 2);
    assertThat(notCaptured).hasSize(2);
    assertThat(notCaptured)
        .allSatisfy(r -> assertThat(r.table()).endsWith("hostile.edge"))
        .extracting(r -> JSON.readTree(r.keyJson()).path("id").asInt())
        .containsExactlyInAnyOrder(4, 6);
    assertThat(notCaptured)
        .filteredOn(r -> r.keyJson().contains("4"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.error().message()).contains("over kafka.max-record-bytes (65536)"));
    assertThat(notCaptured)
        .filteredOn(r -> r.keyJson().contains("6"))
        .singleElement()
        .satisfies(r -> assertThat(r.error().message()).contains("hostile.edge.day"));
    assertNoRestarts();
  }

  /** The dead-letter records that {@code match}, once there are at least {@code atLeast}. */
  private static List<FailedRow> failedRows(Predicate<FailedRow> match, int atLeast) {
    return await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                FailedRowsTopic.readAll(
                        stack.kafka().bootstrapServers(),
                        PipelineTopics.failedRows(config.topicPrefix()))
                    .stream()
                    .filter(match)
                    .toList(),
            rows -> rows.size() >= atLeast);
  }

  /**
   * An apply metric once it has stopped moving: the REST API serves metrics fetched up to 10 s
   * earlier, so a value read right after a change may not count it yet.
   */
  private static long settled(String metric) {
    AtomicLong last = new AtomicLong(Long.MIN_VALUE);
    return await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .during(Duration.ofSeconds(12))
        .until(
            () -> metrics.metric(pipeline.applyJob(), metric, "sum"), n -> last.getAndSet(n) == n);
  }

  private static void assertNoRestarts() throws Exception {
    rest = stack.flink().restAddress();
    for (JobID job : List.of(pipeline.captureJob(), pipeline.applyJob(), pipeline.verifyJob())) {
      assertThat(restarts(job)).as("restarts of job %s", job).isZero();
    }
  }

  /** The job's restarts; the REST API's metric fetcher answers empty until its first fetch. */
  private static long restarts(JobID job) {
    URI uri = rest.resolve("/jobs/" + job + "/metrics?get=numRestarts");
    JsonNode values =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    JSON.readTree(
                        HttpClient.newHttpClient()
                            .send(
                                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body()),
                node -> node.size() > 0);
    return values.get(0).path("value").asLong();
  }

  private static ChangeEvent firstChangeOf(String topic) {
    return ChangeEventCodec.decodeValue(
        TopicRecords.readAll(stack.kafka().bootstrapServers(), topic, value -> value).get(0));
  }

  private static byte[][] record(ChangeEvent genuine, Map<String, Object> after, String position) {
    ChangeEvent forged =
        ChangeEvent.insert(
            genuine.schema(),
            Map.of("id", 1, "note", after.get("note")),
            genuine.commitTime(),
            position,
            "1");
    return new byte[][] {ChangeEventCodec.encodeKey(forged), ChangeEventCodec.encodeValue(forged)};
  }

  /** Truncation, bit flips, field removals and swaps of values, as a damaged record would have. */
  private static byte[] mutate(byte[] value, Random random) {
    String text = new String(value, StandardCharsets.UTF_8);
    switch (random.nextInt(5)) {
      case 0:
        return java.util.Arrays.copyOf(value, random.nextInt(value.length));
      case 1:
        byte[] flipped = value.clone();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
          int at = random.nextInt(flipped.length);
          flipped[at] = (byte) (flipped[at] ^ (1 << random.nextInt(8)));
        }
        return flipped;
      case 2:
        for (String field : List.of("\"position\"", "\"op\"", "\"key\"", "\"table\"", "\"v\"")) {
          if (random.nextBoolean()) {
            text = text.replace(field, "\"x" + random.nextInt(100) + "\"");
          }
        }
        return bytes(text);
      case 3:
        return bytes(
            text.replace("\"op\":\"r\"", "\"op\":\"d\"").replace("\"op\":\"c\"", "\"op\":\"u\""));
      default:
        return bytes(
            text.replace("\"before\":null", "\"before\":{\"id\":\"x\"}")
                .replace("\"id\":", random.nextBoolean() ? "\"id\":-" : "\"id\":9"));
    }
  }

  private static void produce(String topic, List<byte[][]> records) throws Exception {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[][] record : records) {
        producer.send(new ProducerRecord<>(topic, record[0], record[1])).get();
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
