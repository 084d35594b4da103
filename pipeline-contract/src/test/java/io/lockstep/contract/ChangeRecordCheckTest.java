package io.lockstep.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeRecordCheckTest {

  private static final PipelineConfig CONFIG =
      new PipelineConfigLoader(variable -> "secret")
          .parse(
              """
              pipeline.name: shop
              source.type: postgres
              source.host: db.example
              source.database: shop
              source.user: capture
              source.password-env: SOURCE_PW
              source.tables: ['public\\.orders']
              target.host: target.example
              target.database: shop
              target.user: apply
              target.password-env: TARGET_PW
              kafka.bootstrap-servers: kafka:9092
              kafka.topic-prefix: lockstep
              """,
              "test");

  private static final TableSchema ORDERS = schema(new TableId("shop", "public", "orders"));
  private static final String TOPIC = "lockstep.shop.public.orders";

  private final ChangeRecordCheck check = ChangeRecordCheck.of(CONFIG);

  private static TableSchema schema(TableId id) {
    return new TableSchema(
        id,
        List.of(
            new ColumnSchema("id", ColumnType.INT64, null, "int8", false),
            new ColumnSchema("note", ColumnType.STRING, null, "text", true)),
        List.of("id"));
  }

  private static ChangeEvent insert(TableSchema schema, String position) {
    return ChangeEvent.insert(
        schema,
        Map.of("id", 7L, "note", "x"),
        Instant.parse("2026-12-07T10:00:00Z"),
        position,
        "1");
  }

  private static final String GOOD = SourcePosition.postgres(3, 0xABC0, 0xABCF);

  @Test
  void acceptsAChangeOfACapturedTableOnItsTopic() {
    ChangeEvent event = insert(ORDERS, GOOD);
    ChangeEvent read =
        check.read(TOPIC, ChangeEventCodec.encodeKey(event), ChangeEventCodec.encodeValue(event));
    assertThat(read.key()).isEqualTo(Map.of("id", 7L));
    assertThat(read.position()).isEqualTo(GOOD);
  }

  @Test
  void acceptsATruncateWithTheEmptyKey() {
    ChangeEvent truncate =
        ChangeEvent.truncate(ORDERS.id(), Instant.parse("2026-12-07T10:00:00Z"), GOOD, "9");
    byte[] key = ChangeEventCodec.encodeKey(truncate);
    assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("{}");
    ChangeEvent read = check.read(TOPIC, key, ChangeEventCodec.encodeValue(truncate));
    assertThat(read.isTruncate()).isTrue();
    assertThat(read.key()).isEmpty();
    assertThat(read.position()).isEqualTo(GOOD);
  }

  @Test
  void refusesForgedTruncates() {
    ChangeEvent truncate =
        ChangeEvent.truncate(ORDERS.id(), Instant.parse("2026-12-07T10:00:00Z"), GOOD, "9");
    String value = new String(ChangeEventCodec.encodeValue(truncate), StandardCharsets.UTF_8);
    byte[] emptyKey = "{}".getBytes(StandardCharsets.UTF_8);
    // A truncate under a row's key.
    assertThatThrownBy(
            () ->
                check.read(
                    TOPIC,
                    "{\"id\":7}".getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("a truncate names no row");
    // A truncate carrying a row, columns or a key.
    String insert = new String(ChangeEventCodec.encodeValue(insert(ORDERS, GOOD)), UTF8);
    for (String forged :
        List.of(
            insert.replace("\"op\":\"c\"", "\"op\":\"t\""),
            value.replace("\"after\":null", "\"after\":{}"),
            value.replace("\"before\":null", "\"before\":{}"))) {
      assertThatThrownBy(() -> check.read(TOPIC, emptyKey, forged.getBytes(UTF8)))
          .as(forged)
          .isInstanceOf(RefusedRecordException.class)
          .hasMessageContaining("must carry no key");
    }
    // A row change with no key columns, which the apply job could neither route nor upsert.
    String keyless = insert.replace("\"key_columns\":[\"id\"]", "\"key_columns\":[]");
    assertThatThrownBy(() -> check.read(TOPIC, emptyKey, keyless.getBytes(UTF8)))
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("no key columns");
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  @Test
  void refusesARecordWithoutKeyOrValue() {
    byte[] value = ChangeEventCodec.encodeValue(insert(ORDERS, GOOD));
    assertThatThrownBy(() -> check.read(TOPIC, new byte[0], value))
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("no key");
    assertThatThrownBy(() -> check.read(TOPIC, "{\"id\":7}".getBytes(), new byte[0]))
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("no value");
  }

  @Test
  void refusesWhatIsNotAChangeEvent() {
    byte[] key = "{\"id\":7}".getBytes(StandardCharsets.UTF_8);
    for (String value :
        List.of(
            "garbage",
            "[]",
            "{}",
            "{\"v\":2}",
            "{\"v\":1,\"op\":\"c\",\"table\":{},\"columns\":[],\"key_columns\":[]}",
            new String(ChangeEventCodec.encodeValue(insert(ORDERS, GOOD)), StandardCharsets.UTF_8)
                .replace("\"op\":\"c\"", "\"op\":\"z\""))) {
      assertThatThrownBy(() -> check.read(TOPIC, key, value.getBytes(StandardCharsets.UTF_8)))
          .as(value)
          .isInstanceOf(RefusedRecordException.class)
          .hasMessageContaining("not a change event");
    }
  }

  @Test
  void refusesAPositionThatIsNotTheCapturesForm() {
    for (String position :
        List.of(
            "~", "pg:zz", GOOD.toLowerCase(), GOOD + "0", SourcePosition.mariadb(3, 1, 2, 3, 4))) {
      ChangeEvent event = insert(ORDERS, position);
      assertThatThrownBy(
              () ->
                  check.read(
                      TOPIC,
                      ChangeEventCodec.encodeKey(event),
                      ChangeEventCodec.encodeValue(event)))
          .as(position)
          .isInstanceOf(RefusedRecordException.class)
          .hasMessageContaining("is not of the form");
    }
  }

  @Test
  void refusesAChangeOfAnotherTableOrDatabase() {
    ChangeEvent other = insert(schema(new TableId("shop", "public", "payments")), GOOD);
    assertThatThrownBy(
            () ->
                check.read(
                    TOPIC, ChangeEventCodec.encodeKey(other), ChangeEventCodec.encodeValue(other)))
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("whose topic is lockstep.shop.public.payments");
    assertThatThrownBy(
            () ->
                check.read(
                    "lockstep.shop.public.payments",
                    ChangeEventCodec.encodeKey(other),
                    ChangeEventCodec.encodeValue(other)))
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("not one the pipeline captures");
    ChangeEvent foreign = insert(schema(new TableId("other", "public", "orders")), GOOD);
    assertThatThrownBy(
            () ->
                check.read(
                    "lockstep.other.public.orders",
                    ChangeEventCodec.encodeKey(foreign),
                    ChangeEventCodec.encodeValue(foreign)))
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("database 'other'");
  }

  @Test
  void refusesAnUnknownOrigin() {
    ChangeEvent event = insert(ORDERS, GOOD).withOrigin("X");
    assertThatThrownBy(
            () ->
                check.read(
                    TOPIC, ChangeEventCodec.encodeKey(event), ChangeEventCodec.encodeValue(event)))
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("origin 'X'");
    ChangeEvent forceSync = insert(ORDERS, GOOD).withOrigin(ChangeEvent.ORIGIN_FORCE_SYNC);
    assertThat(
            check.read(
                TOPIC,
                ChangeEventCodec.encodeKey(forceSync),
                ChangeEventCodec.encodeValue(forceSync)))
        .isNotNull();
  }

  @Test
  void readsValuesLargerThanJacksonsDefaultLimit() {
    // 25 M characters: over Jackson's default of 20,000,000 per string.
    String large = "x".repeat(25_000_000);
    ChangeEvent event =
        ChangeEvent.insert(ORDERS, Map.of("id", 7L, "note", large), Instant.now(), GOOD, "1");
    ChangeEvent read =
        check.read(TOPIC, ChangeEventCodec.encodeKey(event), ChangeEventCodec.encodeValue(event));
    assertThat(read.after().get("note")).isEqualTo(large);
  }
}
