package io.lockstep.recovery.service.reconcile;

import static io.lockstep.recovery.service.support.TestTokens.OPERATOR;
import static io.lockstep.recovery.service.support.TestTokens.VIEWER;
import static io.lockstep.recovery.service.support.TestTokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lockstep.recovery.service.web.ApiSliceTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class ReconcileControllerTest extends ApiSliceTest {

  private static ReconcileRun run(long id, RunState state, ReconcileScope scope, String scopeJson) {
    return new ReconcileRun(
        id,
        "shop.order_lines",
        scope,
        scopeJson,
        ReconcileMode.DRY_RUN,
        state,
        "otto",
        "requested",
        1000,
        1,
        0,
        null,
        null,
        Instant.parse("2026-12-01T10:00:00Z"),
        null,
        null,
        null);
  }

  @Test
  void operatorStartsADryRunOfAKeyRange() throws Exception {
    when(runs.queue(any(), anyString(), anyString())).thenReturn(3L);
    when(runs.find(3L))
        .thenReturn(
            Optional.of(
                run(3, RunState.QUEUED, ReconcileScope.RANGE, "{\"from\":{\"order_id\":10}}")));
    operatorPosts(
            "{\"table\": \"shop.order_lines\", \"from\": {\"order_id\": 10},"
                + " \"to\": {\"order_id\": 20, \"line\": 3}}")
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "/api/v1/reconciliations/3"))
        .andExpect(jsonPath("$.state").value("QUEUED"))
        .andExpect(jsonPath("$.scopeDetail.from.order_id").value(10));
    ArgumentCaptor<ReconcileRunRequest> request =
        ArgumentCaptor.forClass(ReconcileRunRequest.class);
    verify(runs).queue(request.capture(), eq("otto"), eq("requested"));
    assertThat(request.getValue())
        .isEqualTo(
            ReconcileRunRequest.range(
                "shop.order_lines",
                "{\"order_id\":10}",
                "{\"line\":3,\"order_id\":20}",
                ReconcileMode.DRY_RUN));
    assertThat(audit.last().action()).isEqualTo("POST /api/v1/reconciliations");
    assertThat(audit.last().result()).isEqualTo("ok");
  }

  @Test
  void repairOfAListOfKeys() throws Exception {
    when(runs.queue(any(), anyString(), anyString())).thenReturn(4L);
    when(runs.find(4L))
        .thenReturn(Optional.of(run(4, RunState.QUEUED, ReconcileScope.KEYS, "{\"keys\":[]}")));
    operatorPosts(
            "{\"table\": \"shop.customers\", \"keys\": [{\"id\": 1}, {\"id\": 2}],"
                + " \"mode\": \"REPAIR\", \"reason\": \"ticket 42\"}")
        .andExpect(status().isAccepted());
    ArgumentCaptor<ReconcileRunRequest> request =
        ArgumentCaptor.forClass(ReconcileRunRequest.class);
    verify(runs).queue(request.capture(), eq("otto"), eq("ticket 42"));
    assertThat(request.getValue())
        .isEqualTo(
            ReconcileRunRequest.keys(
                "shop.customers", List.of("{\"id\":1}", "{\"id\":2}"), ReconcileMode.REPAIR));
  }

  @Test
  void aDecimalKeyKeepsEveryDigit() throws Exception {
    when(runs.queue(any(), anyString(), anyString())).thenReturn(5L);
    when(runs.find(5L))
        .thenReturn(Optional.of(run(5, RunState.QUEUED, ReconcileScope.KEYS, "{\"keys\":[]}")));
    operatorPosts("{\"table\": \"shop.customers\", \"keys\": [{\"id\": 12345678901234567.89}]}")
        .andExpect(status().isAccepted());
    ArgumentCaptor<ReconcileRunRequest> request =
        ArgumentCaptor.forClass(ReconcileRunRequest.class);
    verify(runs).queue(request.capture(), eq("otto"), anyString());
    // As a double it would be 12345678901234568: another row's key.
    assertThat(request.getValue().keysJson()).containsExactly("{\"id\":12345678901234567.89}");
  }

  @Test
  void aColumnThatIsNotTheKeyIsABadRequest() throws Exception {
    operatorPosts("{\"table\": \"shop.customers\", \"keys\": [{\"email\": \"x\"}]}")
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(
            jsonPath("$.detail")
                .value(
                    "keys[0]: 'email' is not a key column of shop.customers; its key columns are"
                        + " [id]"));
    verifyNoInteractions(runs);
    assertThat(audit.last().status()).isEqualTo(400);
    assertThat(audit.last().result()).isEqualTo("rejected");
  }

  @Test
  void aRangeMustStartWithTheFirstKeyColumn() throws Exception {
    operatorPosts("{\"table\": \"shop.order_lines\", \"from\": {\"line\": 1}}")
        .andExpect(status().isBadRequest());
    verifyNoInteractions(runs);
  }

  @Test
  void unknownTableIsABadRequest() throws Exception {
    operatorPosts("{\"table\": \"pg_catalog.pg_authid\"}")
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.knownTables.length()").value(2));
    verifyNoInteractions(runs);
  }

  @Test
  void viewerMayNotStartAReconciliation() throws Exception {
    mvc.perform(
            post("/api/v1/reconciliations")
                .header("Authorization", bearer(VIEWER))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"table\": \"shop.customers\"}"))
        .andExpect(status().isForbidden());
    verifyNoInteractions(runs);
  }

  @Test
  void viewerFollowsARunWithItsDifferences() throws Exception {
    when(runs.find(3L))
        .thenReturn(Optional.of(run(3, RunState.RUNNING, ReconcileScope.TABLE, "{}")));
    when(runs.differences(3L, 0, 100))
        .thenReturn(
            List.of(
                new ReconcileRunner.Difference(
                    "{\"line\":1,\"order_id\":7}", "DIFFERENT", List.of("amount"), false)));
    mvc.perform(get("/api/v1/reconciliations/3").header("Authorization", bearer(VIEWER)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("RUNNING"))
        .andExpect(jsonPath("$.rowsCompared").value(1000))
        .andExpect(jsonPath("$.differenceList[0].key.order_id").value(7))
        .andExpect(jsonPath("$.differenceList[0].columns[0]").value("amount"));
  }

  /** A reconciliation request by the operator. */
  private ResultActions operatorPosts(String body) throws Exception {
    return mvc.perform(
        post("/api/v1/reconciliations")
            .header("Authorization", bearer(OPERATOR))
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }
}
