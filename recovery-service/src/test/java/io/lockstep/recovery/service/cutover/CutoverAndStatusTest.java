package io.lockstep.recovery.service.cutover;

import static io.lockstep.recovery.service.support.TestTokens.OPERATOR;
import static io.lockstep.recovery.service.support.TestTokens.VIEWER;
import static io.lockstep.recovery.service.support.TestTokens.bearer;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lockstep.recovery.service.status.FlinkStatus;
import io.lockstep.recovery.service.status.LagReport;
import io.lockstep.recovery.service.web.ApiSliceTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class CutoverAndStatusTest extends ApiSliceTest {

  @Test
  void lagIsZeroWhenTheApplyGroupHasCaughtUp() throws Exception {
    when(lag.applyLag())
        .thenReturn(
            new LagReport(
                "lockstep-apply-shop",
                0,
                true,
                List.of(new LagReport.PartitionLag("lockstep.shop.shop.customers", 0, 10, 10, 0)),
                null));
    mvc.perform(get("/api/v1/cutover/lag").header("Authorization", bearer(VIEWER)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.zero").value(true))
        .andExpect(jsonPath("$.partitions[0].committed").value(10));
  }

  @Test
  void sequencesAreADryRunUnlessAskedOtherwise() throws Exception {
    when(sequences.sync(anyList(), eq(1000L), eq(true)))
        .thenReturn(
            List.of(
                new SequencePlan(
                    "shop.customers", "id", "replica.customers", 41L, 0L, 1041L, "WOULD_SET")));
    mvc.perform(
            post("/api/v1/cutover/sequences")
                .header("Authorization", bearer(OPERATOR))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"tables\": [\"shop.customers\"]}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.dryRun").value(true))
        .andExpect(jsonPath("$.sequences[0].action").value("WOULD_SET"));
    verify(sequences).sync(anyList(), eq(1000L), eq(true));
  }

  @Test
  void sequencesOfAnUnknownTableAreABadRequest() throws Exception {
    mvc.perform(
            post("/api/v1/cutover/sequences")
                .header("Authorization", bearer(OPERATOR))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"dryRun\": false, \"tables\": [\"shop.nope\"]}"))
        .andExpect(status().isBadRequest());
  }

  @Test
  void statusShowsFlinkAndLag() throws Exception {
    when(flink.status()).thenReturn(FlinkStatus.notConfigured());
    when(lag.applyLag())
        .thenReturn(LagReport.failed("lockstep-apply-shop", "Kafka did not answer"));
    mvc.perform(get("/api/v1/status").header("Authorization", bearer(VIEWER)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.pipeline").value("shop"))
        .andExpect(jsonPath("$.flink.configured").value(false))
        .andExpect(jsonPath("$.applyLag.zero").value(false));
  }
}
