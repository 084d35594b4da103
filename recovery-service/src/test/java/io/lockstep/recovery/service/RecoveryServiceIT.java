package io.lockstep.recovery.service;

import static io.lockstep.recovery.service.support.TestTokens.OPERATOR;
import static io.lockstep.recovery.service.support.TestTokens.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.config.PipelineConfig;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.discrepancy.DiscrepancyCodec;
import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import io.lockstep.recovery.service.config.StartupProblem;
import io.lockstep.recovery.service.retry.ResyncOutcome;
import io.lockstep.recovery.service.retry.RowResync;
import io.lockstep.recovery.service.support.TestKafka;
import io.lockstep.recovery.service.support.TestPipelines;
import io.lockstep.recovery.service.support.TestStore;
import io.lockstep.recovery.service.support.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

/**
 * The whole service, started as the local runner starts it, on an embedded PostgreSQL (its store,
 * and the pipeline's source and target) and an in-process Kafka.
 */
class RecoveryServiceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FAILED_ROWS = "lockstep.failed-rows";
  private static final String DISCREPANCIES = "lockstep.discrepancies";
  private static TestStore postgres;
  private static TestKafka kafka;
  private static RecoveryService service;
  private static final List<String> RESYNCED = Collections.synchronizedList(new ArrayList<>());
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    postgres = TestStore.start();
    kafka = TestKafka.start();
    postgres
        .jdbc()
        .sql(
            """
            CREATE SCHEMA shop;
            CREATE TABLE shop.customers (id serial PRIMARY KEY, name text);
            INSERT INTO shop.customers (name) SELECT 'c' || g FROM generate_series(1, 41) g;
            CREATE SCHEMA replica;
            CREATE TABLE replica.customers (id serial PRIMARY KEY, name text);
            """)
        .update();
    PipelineConfig pipeline =
        TestPipelines.postgres(postgres.port(), "postgres", kafka.bootstrapServers());
    service =
        RecoveryService.start(
            pipeline,
            Map.of(
                "server.port",
                0,
                "spring.datasource.url",
                "jdbc:postgresql://localhost:" + postgres.port() + "/postgres",
                "spring.datasource.username",
                "postgres",
                "spring.datasource.password",
                "postgres",
                "lockstep.api.tokens",
                TestTokens.PROPERTY,
                "lockstep.ingest.poll-timeout",
                "200ms",
                // Far from now, so that no run is queued while the other tests run.
                "lockstep.reconcile.schedules[0].table",
                "shop.customers",
                "lockstep.reconcile.schedules[0].cron",
                "0 0 3 1 1 *"),
            List.of(
                (RowResync)
                    (table, key, position) -> {
                      RESYNCED.add(table + " " + key + " " + position);
                      return new ResyncOutcome(true, "UPSERTED", "written with origin F");
                    }));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (service != null) {
        service.close();
      }
    } finally {
      try {
        if (kafka != null) {
          kafka.close();
        }
      } finally {
        if (postgres != null) {
          postgres.close();
        }
      }
    }
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + path))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(
        request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long count(String sql) {
    return postgres.jdbc().sql(sql).query(Long.class).single();
  }

  private static FailedRow failedRow(FailedRow.Kind kind, int id) {
    return new FailedRow(
        kind,
        "shop",
        "postgres.shop.customers",
        "{\"id\":" + id + "}",
        "pg:1:0000000001A2B3C4:0000000001A2B40" + id,
        kind == FailedRow.Kind.REJECTED
            ? new FailedRow.Error("PSQLException", "23514", 0, "violates check constraint")
            : null,
        1,
        Instant.now(),
        null,
        null,
        null);
  }

  @Test
  void probesAndMetricsNeedNoTokenAndNothingElseIsExposed() throws Exception {
    assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    HttpResponse<String> prometheus = get("/actuator/prometheus", null);
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("lockstep_recovery_items{state=\"PENDING\"}");
    assertThat(prometheus.body()).contains("lockstep_recovery_reconcile_rows_per_second");
    assertThat(prometheus.body())
        .contains(
            "lockstep_recovery_ingest_failures_total{reason=\"unstorable\",topic=\"lockstep.failed-rows\"}")
        .contains(
            "lockstep_recovery_ingest_failures_total{reason=\"store-unavailable\","
                + "topic=\"lockstep.discrepancies\"}");
    for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator", "/error")) {
      assertThat(get(hidden, OPERATOR).statusCode()).as(hidden).isIn(401, 403, 404);
    }
  }

  @Test
  void configuredSchedulesAreListedWithTheirNextTime() throws Exception {
    assertThat(get("/api/v1/reconciliations/schedules", null).statusCode()).isEqualTo(401);
    HttpResponse<String> listed = get("/api/v1/reconciliations/schedules", VIEWER);
    assertThat(listed.statusCode()).isEqualTo(200);
    JsonNode schedule = JSON.readTree(listed.body()).get(0);
    assertThat(schedule.path("property").asText()).isEqualTo("lockstep.reconcile.schedules[0]");
    assertThat(schedule.path("table").asText()).isEqualTo("shop.customers");
    assertThat(schedule.path("mode").asText()).isEqualTo("DRY_RUN");
    Instant next =
        CronExpression.parse("0 0 3 1 1 *").next(ZonedDateTime.now(ZoneOffset.UTC)).toInstant();
    assertThat(Instant.parse(schedule.path("nextFireAt").asText())).isEqualTo(next);
  }

  @Test
  void aBadScheduleStopsTheStartBeforeTheStoreIsTouched() {
    PipelineConfig pipeline =
        TestPipelines.postgres(postgres.port(), "postgres", kafka.bootstrapServers());
    assertThatThrownBy(
            () ->
                RecoveryService.start(
                    pipeline,
                    Map.of(
                        "server.port",
                        0,
                        "spring.datasource.url",
                        "jdbc:postgresql://localhost:1/no-store",
                        "lockstep.reconcile.schedules[0].table",
                        "shop.customers",
                        "lockstep.reconcile.schedules[0].cron",
                        "0 3 * * *")))
        .rootCause()
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining("lockstep.reconcile.schedules[0].cron '0 3 * * *'");
  }

  @Test
  void theApiNeedsATokenAndKnowsOnlyThePipelinesTables() throws Exception {
    assertThat(get("/api/v1/items", null).statusCode()).isEqualTo(401);
    HttpResponse<String> unknown = get("/api/v1/items?table=public.accounts", VIEWER);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(unknown.body()).path("knownTables").toString())
        .isEqualTo("[\"shop.customers\"]");
    assertThat(get("/api/v1/items?table=shop.customers", VIEWER).statusCode()).isEqualTo(200);
    HttpResponse<String> spec = get("/v3/api-docs", VIEWER);
    assertThat(spec.statusCode()).isEqualTo(200);
    assertThat(spec.body()).contains("/api/v1/items").contains("/api/v1/reconciliations");
  }

  @Test
  void failedRowsAndDiscrepanciesBecomeOneItemPerRowAndOffsetsAreCommitted() throws Exception {
    byte[] key = "{\"table\":\"postgres.shop.customers\",\"key\":{\"id\":7}}".getBytes();
    byte[] rejected = FailedRowCodec.encodeValue(failedRow(FailedRow.Kind.REJECTED, 7));
    kafka.send(FAILED_ROWS, key, rejected);
    kafka.send(FAILED_ROWS, key, rejected);
    kafka.send(
        DISCREPANCIES,
        key,
        DiscrepancyCodec.encodeValue(
            new Discrepancy(
                "shop",
                "shop.customers",
                "{\"id\": 7}",
                Discrepancy.Kind.MISSING,
                List.of(),
                "pg:1:00:00",
                Instant.now(),
                Instant.now())));
    kafka.send(DISCREPANCIES, key, "{\"v\": 99, oops".getBytes(StandardCharsets.UTF_8));
    kafka.send(
        FAILED_ROWS,
        "{\"table\":\"postgres.shop.customers\",\"key\":{\"id\":8}}".getBytes(),
        FailedRowCodec.encodeValue(failedRow(FailedRow.Kind.REJECTED, 8)));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(
                      count(
                          "SELECT count(*) FROM lockstep_recovery.item WHERE table_name ="
                              + " 'shop.customers' AND key_json IN ('{\"id\":7}', '{\"id\":8}')"))
                  .isEqualTo(2);
              assertThat(
                      count(
                          "SELECT count(*) FROM lockstep_recovery.item WHERE kind = 'UNDECODABLE'"
                              + " AND state = 'MANUAL'"))
                  .isEqualTo(1);
              assertThat(
                      count(
                          "SELECT count(*) FROM lockstep_recovery.item WHERE key_json = '{\"id\":7}'"
                              + " AND kind = 'MISSING'"))
                  .isEqualTo(1);
            });

    kafka.send(FAILED_ROWS, key, FailedRowCodec.encodeValue(failedRow(FailedRow.Kind.RESOLVED, 7)));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM lockstep_recovery.item WHERE key_json = '{\"id\":7}'"
                            + " AND state = 'RESOLVED'")
                    == 1);

    JsonNode listed = JSON.readTree(get("/api/v1/failed-rows?state=PENDING", VIEWER).body());
    assertThat(listed.path("total").asLong()).isEqualTo(1);
    assertThat(listed.path("items").get(0).path("key").path("id").asInt()).isEqualTo(8);
    assertThat(listed.path("items").get(0).has("record")).as("a summary").isFalse();

    // The record nobody could read: its detail has the record, a retry is refused with a reason.
    JsonNode manual = JSON.readTree(get("/api/v1/failed-rows?state=MANUAL", VIEWER).body());
    long undecodable = manual.path("items").get(0).path("id").asLong();
    JsonNode detail = JSON.readTree(get("/api/v1/items/" + undecodable, VIEWER).body());
    assertThat(detail.path("record").asText()).isEqualTo("{\"v\": 99, oops");
    assertThat(detail.path("recordEncoding").asText()).isEqualTo("TEXT");
    HttpResponse<String> retry = post("/api/v1/items/" + undecodable + "/retry", OPERATOR, "");
    assertThat(retry.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(retry.body()).path("detail").asText())
        .contains("could not read")
        .contains("POST /api/v1/reconciliations");

    try (Admin admin = kafka.admin()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin
                        .listConsumerGroupOffsets("lockstep-recovery-shop")
                        .partitionsToOffsetAndMetadata()
                        .get();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                assertThat(committed.keySet())
                    .extracting(TopicPartition::topic)
                    .contains(FAILED_ROWS, DISCREPANCIES);
                committed.forEach((p, o) -> assertThat(o.offset()).isEqualTo(ends.get(p).offset()));
              });
    }
  }

  @Test
  void authenticatedMutatingCallsAreAuditedWhetherAllowedOrNotAndOthersOnlyCounted()
      throws Exception {
    assertThat(post("/api/v1/reconciliations", null, "{\"table\":\"shop.customers\"}").statusCode())
        .isEqualTo(401);
    assertThat(
            post(
                    "/api/v1/reconciliations?" + "x".repeat(3000),
                    "not-a-token",
                    "{\"table\":\"shop.customers\"}")
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> refused =
        post("/api/v1/reconciliations", VIEWER, "{\"table\":\"shop.customers\"}");
    assertThat(refused.statusCode()).isEqualTo(403);
    HttpResponse<String> started =
        post(
            "/api/v1/reconciliations",
            OPERATOR,
            "{\"table\":\"shop.customers\",\"keys\":[{\"id\":3}],\"reason\":\"audit test\"}");
    assertThat(started.statusCode()).isEqualTo(202);
    long run = JSON.readTree(started.body()).path("id").asLong();
    JsonNode followed = JSON.readTree(get("/api/v1/reconciliations/" + run, VIEWER).body());
    assertThat(followed.path("scope").asText()).isEqualTo("KEYS");
    assertThat(followed.path("mode").asText()).isEqualTo("DRY_RUN");
    assertThat(followed.path("requestedBy").asText()).isEqualTo("otto");

    List<Map<String, Object>> audit =
        postgres
            .jdbc()
            .sql(
                "SELECT actor, action, status, result, parameters FROM lockstep_recovery.audit_log"
                    + " WHERE action = 'POST /api/v1/reconciliations' ORDER BY id")
            .query()
            .listOfRows();
    assertThat(audit).as("calls without a configured token are not audited").hasSize(2);
    assertThat(audit.get(0))
        .containsEntry("actor", "vera")
        .containsEntry("status", 403)
        .containsEntry("result", "refused");
    assertThat(audit.get(1))
        .containsEntry("actor", "otto")
        .containsEntry("status", 202)
        .containsEntry("result", "ok");
    assertThat((String) audit.get(1).get("parameters")).contains("audit test");
    assertThat(
            count(
                "SELECT count(*) FROM lockstep_recovery.audit_log"
                    + " WHERE actor IN ('anonymous', 'invalid-token')"))
        .isZero();
    String metrics = get("/actuator/prometheus", null).body();
    assertThat(metrics)
        .containsPattern("lockstep_recovery_api_refused_total\\{reason=\"missing-token\"\\} [1-9]")
        .containsPattern("lockstep_recovery_api_refused_total\\{reason=\"invalid-token\"\\} [1-9]")
        .containsPattern("lockstep_recovery_api_refused_total\\{reason=\"forbidden\"\\} [1-9]");
  }

  @Test
  void sequencesFollowTheSourcePlusTheBufferOnlyWhenAsked() throws Exception {
    JsonNode dryRun = JSON.readTree(post("/api/v1/cutover/sequences", OPERATOR, "{}").body());
    assertThat(dryRun.path("dryRun").asBoolean()).isTrue();
    JsonNode plan = dryRun.path("sequences").get(0);
    assertThat(plan.path("table").asText()).isEqualTo("shop.customers");
    assertThat(plan.path("targetTable").asText()).isEqualTo("replica.customers");
    assertThat(plan.path("sourceValue").asLong()).isEqualTo(41);
    assertThat(plan.path("newValue").asLong()).isEqualTo(1041);
    assertThat(plan.path("action").asText()).isEqualTo("WOULD_SET");
    assertThat(
            count("SELECT COALESCE(last_value, 0) FROM pg_sequences WHERE schemaname = 'replica'"))
        .isZero();

    JsonNode applied =
        JSON.readTree(
            post("/api/v1/cutover/sequences", OPERATOR, "{\"dryRun\": false, \"buffer\": 10}")
                .body());
    assertThat(applied.path("sequences").get(0).path("action").asText()).isEqualTo("SET");
    assertThat(count("SELECT last_value FROM pg_sequences WHERE schemaname = 'replica'"))
        .isEqualTo(51);

    JsonNode again =
        JSON.readTree(
            post("/api/v1/cutover/sequences", OPERATOR, "{\"dryRun\": false, \"buffer\": 0}")
                .body());
    assertThat(again.path("sequences").get(0).path("action").asText())
        .as("never moved back")
        .isEqualTo("ALREADY_AHEAD");
  }

  @Test
  void anOperatorsRetryReSyncsTheRowThroughTheSuppliedPort() throws Exception {
    kafka.send(
        FAILED_ROWS,
        "{\"table\":\"postgres.shop.customers\",\"key\":{\"id\":20}}".getBytes(),
        FailedRowCodec.encodeValue(failedRow(FailedRow.Kind.REJECTED, 20)));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count("SELECT count(*) FROM lockstep_recovery.item WHERE key_json = '{\"id\":20}'")
                    == 1);
    long id =
        postgres
            .jdbc()
            .sql("SELECT id FROM lockstep_recovery.item WHERE key_json = '{\"id\":20}'")
            .query(Long.class)
            .single();
    HttpResponse<String> retried = post("/api/v1/items/" + id + "/retry", OPERATOR, "");
    assertThat(retried.statusCode()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                JSON.readTree(get("/api/v1/items/" + id, VIEWER).body())
                    .path("item")
                    .path("state")
                    .asText()
                    .equals("RESOLVED"));
    assertThat(RESYNCED)
        .containsExactly("shop.customers {\"id\":20} pg:1:0000000001A2B3C4:0000000001A2B4020");
    JsonNode detail = JSON.readTree(get("/api/v1/items/" + id, VIEWER).body());
    assertThat(detail.path("attempts").get(0).path("outcome").asText()).isEqualTo("UPSERTED");
  }

  @Test
  void statusAndLagAnswerWithoutFlink() throws Exception {
    JsonNode status = JSON.readTree(get("/api/v1/status", VIEWER).body());
    assertThat(status.path("pipeline").asText()).isEqualTo("shop");
    assertThat(status.path("flink").path("configured").asBoolean()).isFalse();
    assertThat(status.path("applyLag").path("group").asText()).isEqualTo("lockstep-apply-shop");
    JsonNode lag = JSON.readTree(get("/api/v1/cutover/lag", VIEWER).body());
    assertThat(lag.has("zero")).isTrue();
  }
}
