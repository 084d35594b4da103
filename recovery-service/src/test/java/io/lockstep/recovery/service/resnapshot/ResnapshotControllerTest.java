package io.lockstep.recovery.service.resnapshot;

import static io.lockstep.recovery.service.support.TestTokens.OPERATOR;
import static io.lockstep.recovery.service.support.TestTokens.VIEWER;
import static io.lockstep.recovery.service.support.TestTokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lockstep.recovery.service.pipeline.KnownTable;
import io.lockstep.recovery.service.web.ApiSliceTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ResnapshotControllerTest extends ApiSliceTest {

  private static final SnapshotSignals.Sent SENT =
      new SnapshotSignals.Sent(
          "shop.customers",
          "source",
          "shop.lockstep_signal",
          "7b1c0d2e-0000-4000-8000-000000000001",
          "execute-snapshot",
          "{\"data-collections\": [\"shop.customers\"], \"type\": \"incremental\"}");

  @Test
  void operatorSignalsAnIncrementalSnapshotOfAKnownTable() throws Exception {
    when(signals.resnapshot(any())).thenReturn(SENT);
    mvc.perform(
            post("/api/v1/tables/shop.customers/resnapshot")
                .header("Authorization", bearer(OPERATOR)))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.table").value("shop.customers"))
        .andExpect(jsonPath("$.channel").value("source"))
        .andExpect(jsonPath("$.type").value("execute-snapshot"))
        .andExpect(jsonPath("$.data").value(SENT.data()));
    verify(signals)
        .resnapshot(
            new KnownTable("shop.customers", List.of("id"), List.of("id", "name", "email")));
    assertThat(audit.last().action()).isEqualTo("POST /api/v1/tables/shop.customers/resnapshot");
    assertThat(audit.last().result()).isEqualTo("ok");
  }

  @Test
  void anUnknownTableIsABadRequest() throws Exception {
    mvc.perform(
            post("/api/v1/tables/shop.nope/resnapshot").header("Authorization", bearer(OPERATOR)))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("Unknown table"));
    verifyNoInteractions(signals);
  }

  @Test
  void aViewerMayNotResnapshot() throws Exception {
    mvc.perform(
            post("/api/v1/tables/shop.customers/resnapshot")
                .header("Authorization", bearer(VIEWER)))
        .andExpect(status().isForbidden());
    verifyNoInteractions(signals);
  }

  @Test
  void aPipelineWithoutSignalChannelIsAConflict() throws Exception {
    when(signals.resnapshot(any()))
        .thenThrow(new NoSignalChannelException("Pipeline 'shop' has no signal channel"));
    mvc.perform(
            post("/api/v1/tables/shop.customers/resnapshot")
                .header("Authorization", bearer(OPERATOR)))
        .andExpect(status().isConflict())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("No signal channel"))
        .andExpect(jsonPath("$.detail").value("Pipeline 'shop' has no signal channel"));
  }
}
