package io.lockstep.recovery.service.item;

import static io.lockstep.recovery.service.support.TestTokens.OPERATOR;
import static io.lockstep.recovery.service.support.TestTokens.VIEWER;
import static io.lockstep.recovery.service.support.TestTokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lockstep.recovery.service.audit.AuditEntry;
import io.lockstep.recovery.service.web.ApiSliceTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;

class ItemControllerTest extends ApiSliceTest {

  private static final Item ITEM =
      new Item(
          7,
          "shop.customers",
          "{\"id\":50}",
          ItemKind.REJECTED,
          ItemState.PENDING,
          "lockstep.failed-rows",
          0,
          12L,
          "pg:1:0000000001A2B3C4:0000000001A2B400",
          Instant.parse("2026-12-01T10:00:00Z"),
          Instant.parse("2026-12-01T10:00:00Z"),
          0,
          Instant.parse("2026-12-01T10:05:00Z"),
          "apply: rejected (SQLSTATE 23514) check",
          null,
          RecordText.text("{}"),
          1);

  private static final ItemSummary SUMMARY =
      new ItemSummary(
          7,
          "shop.customers",
          "{\"id\":50}",
          ItemKind.REJECTED,
          ItemState.PENDING,
          0,
          Instant.parse("2026-12-01T10:00:00Z"),
          Instant.parse("2026-12-01T10:00:00Z"),
          Instant.parse("2026-12-01T10:05:00Z"),
          "apply: rejected (SQLSTATE 23514) check",
          null);

  /** A record nobody could read: it names no row. */
  private static final Item UNDECODABLE =
      new Item(
          8,
          RowlessTables.UNDECODABLE,
          "{\"offset\":9,\"partition\":2,\"topic\":\"lockstep.discrepancies\"}",
          ItemKind.UNDECODABLE,
          ItemState.MANUAL,
          "lockstep.discrepancies",
          2,
          9L,
          null,
          Instant.parse("2026-12-01T10:00:00Z"),
          Instant.parse("2026-12-01T10:00:00Z"),
          0,
          null,
          "cannot be read: not JSON",
          null,
          RecordText.of(new byte[] {0, (byte) 0xff}),
          0);

  private static final Item TRUNCATE =
      new Item(
          9,
          "shop.customers",
          "{}",
          ItemKind.TRUNCATE_REFUSED,
          ItemState.MANUAL,
          "lockstep.failed-rows",
          0,
          3L,
          "pg:1:0000000001A2B3C4:0000000001A2B400",
          Instant.parse("2026-12-01T10:00:00Z"),
          Instant.parse("2026-12-01T10:00:00Z"),
          0,
          null,
          "capture: truncate_refused",
          null,
          RecordText.of(new byte[] {'{', '}'}),
          0);

  private double refused(String reason) {
    return meters.counter("lockstep.recovery.api.refused", "reason", reason).count();
  }

  @Test
  void listingWithoutATokenIsUnauthorized() throws Exception {
    mvc.perform(get("/api/v1/items"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", "Bearer"))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    verifyNoInteractions(items);
  }

  @Test
  void aTokenThatIsNotConfiguredIsUnauthorized() throws Exception {
    mvc.perform(get("/api/v1/items").header("Authorization", bearer("guess")))
        .andExpect(status().isUnauthorized())
        .andExpect(
            jsonPath("$.detail").value("The bearer token is not one of the configured tokens."));
  }

  @Test
  void viewerListsFailedRowsOfAKnownTable() throws Exception {
    when(items.page(any(), anyInt(), anyInt()))
        .thenReturn(new ItemPage(List.of(SUMMARY), 0, 50, 1));
    mvc.perform(
            get("/api/v1/failed-rows")
                .param("table", "shop.customers")
                .param("state", "PENDING")
                .header("Authorization", bearer(VIEWER)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(1))
        .andExpect(jsonPath("$.items[0].id").value(7))
        .andExpect(jsonPath("$.items[0].key.id").value(50))
        .andExpect(jsonPath("$.items[0].kind").value("REJECTED"));
    ArgumentCaptor<ItemFilter> filter = ArgumentCaptor.forClass(ItemFilter.class);
    verify(items).page(filter.capture(), eq(0), eq(50));
    assertThat(filter.getValue().table()).isEqualTo("shop.customers");
    assertThat(filter.getValue().state()).isEqualTo(ItemState.PENDING);
    assertThat(filter.getValue().kinds())
        .isEqualTo(
            Set.of(
                ItemKind.REJECTED,
                ItemKind.PARKED,
                ItemKind.UNDECODABLE,
                ItemKind.NOT_CAPTURED,
                ItemKind.TRUNCATE_REFUSED,
                ItemKind.UNSTORABLE));
  }

  @Test
  void unknownTableIsABadRequestNamingTheKnownTables() throws Exception {
    mvc.perform(
            get("/api/v1/items")
                .param("table", "public.nope")
                .header("Authorization", bearer(VIEWER)))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("Unknown table"))
        .andExpect(jsonPath("$.knownTables[0]").value("shop.customers"))
        .andExpect(jsonPath("$.knownTables[1]").value("shop.order_lines"));
    verifyNoInteractions(items);
  }

  @Test
  void discrepancyKindsOnlyUnderDiscrepancies() throws Exception {
    mvc.perform(
            get("/api/v1/discrepancies")
                .param("kind", "REJECTED")
                .header("Authorization", bearer(VIEWER)))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void aBadStateIsABadRequestProblem() throws Exception {
    mvc.perform(
            get("/api/v1/items").param("state", "SLEEPING").header("Authorization", bearer(VIEWER)))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void oneItemWithItsAttempts() throws Exception {
    when(items.find(7L)).thenReturn(Optional.of(ITEM));
    when(items.attempts(7L)).thenReturn(List.of());
    mvc.perform(get("/api/v1/items/7").header("Authorization", bearer(VIEWER)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.item.table").value("shop.customers"))
        .andExpect(jsonPath("$.sourceOffset").value(12))
        .andExpect(jsonPath("$.record").value("{}"))
        .andExpect(jsonPath("$.recordEncoding").value("TEXT"))
        .andExpect(jsonPath("$.retryable").value(true));
  }

  @Test
  void missingItemIsNotFound() throws Exception {
    when(items.find(8L)).thenReturn(Optional.empty());
    mvc.perform(get("/api/v1/items/8").header("Authorization", bearer(VIEWER)))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void viewerMayNotRetryAndTheRefusalIsAudited() throws Exception {
    mvc.perform(post("/api/v1/items/7/retry").header("Authorization", bearer(VIEWER)))
        .andExpect(status().isForbidden())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    verify(retryNow, never()).request(any());
    AuditEntry entry = audit.last();
    assertThat(entry.actor()).isEqualTo("vera");
    assertThat(entry.action()).isEqualTo("POST /api/v1/items/7/retry");
    assertThat(entry.status()).isEqualTo(403);
    assertThat(entry.result()).isEqualTo("refused");
  }

  @Test
  void aRetryWithoutATokenIsRefusedCountedAndNotAudited() throws Exception {
    double before = refused("missing-token");
    mvc.perform(post("/api/v1/items/7/retry?note=" + "x".repeat(4000)).content("{\"ids\":[7]}"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(audit.recent(10)).as("anyone could fill the audit table").isEmpty();
    assertThat(refused("missing-token")).isEqualTo(before + 1);
    verifyNoInteractions(items, retryNow);
  }

  @Test
  void aRetryWithATokenThatIsNotConfiguredIsRefusedCountedAndNotAudited() throws Exception {
    double before = refused("invalid-token");
    mvc.perform(post("/api/v1/items/retry").header("Authorization", bearer("guess")))
        .andExpect(status().isUnauthorized());
    assertThat(audit.recent(10)).isEmpty();
    assertThat(refused("invalid-token")).isEqualTo(before + 1);
  }

  @Test
  void aViewersRefusedRetryIsCountedAsForbidden() throws Exception {
    double before = refused("forbidden");
    mvc.perform(post("/api/v1/items/7/retry").header("Authorization", bearer(VIEWER)))
        .andExpect(status().isForbidden());
    assertThat(refused("forbidden")).isEqualTo(before + 1);
    assertThat(audit.last().actor()).isEqualTo("vera");
  }

  @Test
  void anAuditEntryKeepsAtMost512CharactersOfTheQueryString() throws Exception {
    when(items.find(7L)).thenReturn(Optional.of(ITEM));
    when(items.existing(any())).thenReturn(List.of(7L));
    when(retryNow.request(List.of(7L))).thenReturn(List.of(7L));
    mvc.perform(
            post("/api/v1/items/7/retry?note=" + "q".repeat(5000))
                .header("Authorization", bearer(OPERATOR)))
        .andExpect(status().isAccepted());
    String parameters = audit.last().parameters();
    assertThat(parameters).startsWith("?note=qqq").endsWith("…");
    assertThat(parameters).hasSize(1 + 512 + 1);
  }

  @Test
  void retryNowOfARecordThatNamesNoRowIsAConflictSayingWhatToDo() throws Exception {
    when(items.find(8L)).thenReturn(Optional.of(UNDECODABLE));
    mvc.perform(post("/api/v1/items/8/retry").header("Authorization", bearer(OPERATOR)))
        .andExpect(status().isConflict())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("Not retryable"))
        .andExpect(
            jsonPath("$.detail")
                .value(
                    org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("could not read"),
                        org.hamcrest.Matchers.containsString("lockstep.discrepancies partition 2"),
                        org.hamcrest.Matchers.containsString("GET /api/v1/items/8"),
                        org.hamcrest.Matchers.containsString("POST /api/v1/reconciliations"))));
    verify(retryNow, never()).request(any());
    assertThat(audit.last().status()).isEqualTo(409);
    assertThat(audit.last().result()).isEqualTo("rejected");
  }

  @Test
  void retryNowOfARefusedTruncateIsAConflictSayingWhatToDo() throws Exception {
    when(items.find(9L)).thenReturn(Optional.of(TRUNCATE));
    mvc.perform(post("/api/v1/items/9/retry").header("Authorization", bearer(OPERATOR)))
        .andExpect(status().isConflict())
        .andExpect(
            jsonPath("$.detail")
                .value(
                    org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("TRUNCATE of shop.customers"),
                        org.hamcrest.Matchers.containsString("source.truncate: refuse"),
                        org.hamcrest.Matchers.containsString("POST /api/v1/reconciliations"))));
    verify(retryNow, never()).request(any());
  }

  @Test
  void aBulkRetryLeavesItemsThatNameNoRowAlone() throws Exception {
    when(items.existing(any())).thenReturn(List.of(7L, 8L));
    when(items.withoutRow(List.of(7L, 8L))).thenReturn(List.of(8L));
    when(retryNow.request(List.of(7L))).thenReturn(List.of(7L));
    mvc.perform(
            post("/api/v1/items/retry")
                .header("Authorization", bearer(OPERATOR))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"ids\": [7, 8]}"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.due").value(org.hamcrest.Matchers.contains(7)))
        .andExpect(jsonPath("$.notRetryable").value(org.hamcrest.Matchers.contains(8)))
        .andExpect(jsonPath("$.inProgress").isEmpty());
    verify(retryNow).request(List.of(7L));
  }

  @Test
  void listingsAreSummariesWithoutTheRecord() throws Exception {
    when(items.page(any(), anyInt(), anyInt()))
        .thenReturn(new ItemPage(List.of(SUMMARY), 0, 50, 1));
    mvc.perform(get("/api/v1/items").header("Authorization", bearer(VIEWER)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].lastError").value("apply: rejected (SQLSTATE 23514) check"))
        .andExpect(jsonPath("$.items[0].record").doesNotExist())
        .andExpect(jsonPath("$.items[0].position").doesNotExist());
  }

  @Test
  void aPageOfMoreThan500IsABadRequest() throws Exception {
    mvc.perform(get("/api/v1/items").param("size", "501").header("Authorization", bearer(VIEWER)))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("'size' must be 1 to 500, but was 501"));
    verifyNoInteractions(items);
  }

  @Test
  void oneItemHasItsRecordByteForByte() throws Exception {
    when(items.find(8L)).thenReturn(Optional.of(UNDECODABLE));
    when(items.attempts(8L)).thenReturn(List.of());
    mvc.perform(get("/api/v1/items/8").header("Authorization", bearer(VIEWER)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.record").value("AP8="))
        .andExpect(jsonPath("$.recordEncoding").value("BASE64"))
        .andExpect(jsonPath("$.retryable").value(false))
        .andExpect(jsonPath("$.sourceOffset").value(9));
  }

  @Test
  void operatorRetriesItemsAndTheCallIsAudited() throws Exception {
    when(items.existing(any())).thenReturn(List.of(7L, 9L));
    when(retryNow.request(List.of(7L, 9L))).thenReturn(List.of(7L));
    mvc.perform(
            post("/api/v1/items/retry")
                .header("Authorization", bearer(OPERATOR))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"ids\": [7, 9, 11]}"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.due[0]").value(7))
        .andExpect(jsonPath("$.notFound[0]").value(11))
        .andExpect(jsonPath("$.inProgress[0]").value(9));
    AuditEntry entry = audit.last();
    assertThat(entry.actor()).isEqualTo("otto");
    assertThat(entry.action()).isEqualTo("POST /api/v1/items/retry");
    assertThat(entry.target()).isEqualTo("items/retry");
    assertThat(entry.parameters()).contains("\"ids\": [7, 9, 11]");
    assertThat(entry.status()).isEqualTo(202);
    assertThat(entry.result()).isEqualTo("ok");
    assertThat(entry.at()).isNotNull();
  }

  @Test
  void retryOfAMissingItemIsNotFoundAndAuditedAsRejected() throws Exception {
    when(items.find(99L)).thenReturn(Optional.empty());
    when(items.existing(any())).thenReturn(List.of());
    when(retryNow.request(List.of())).thenReturn(List.of());
    mvc.perform(post("/api/v1/items/99/retry").header("Authorization", bearer(OPERATOR)))
        .andExpect(status().isNotFound());
    assertThat(audit.last().result()).isEqualTo("rejected");
    assertThat(audit.last().status()).isEqualTo(404);
  }

  @Test
  void readsAreNotAudited() throws Exception {
    when(items.page(any(), anyInt(), anyInt())).thenReturn(new ItemPage(List.of(), 0, 50, 0));
    mvc.perform(get("/api/v1/items").header("Authorization", bearer(OPERATOR)))
        .andExpect(status().isOk());
    assertThat(audit.recent(10)).isEmpty();
  }
}
