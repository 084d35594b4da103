package io.lockstep.recovery.service.reconcile;

import static io.lockstep.recovery.service.support.TestTokens.VIEWER;
import static io.lockstep.recovery.service.support.TestTokens.bearer;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lockstep.recovery.service.web.ApiSliceTest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

class ScheduleControllerTest extends ApiSliceTest {

  private static final String PATH = "/api/v1/reconciliations/schedules";

  @Test
  void withoutATokenTheSchedulesAreRefused() throws Exception {
    mvc.perform(get(PATH)).andExpect(status().isUnauthorized());
    verifyNoInteractions(scheduler);
  }

  @Test
  void aViewerSeesEachScheduleWithItsNextTimeAndLastRun() throws Exception {
    ReconcileRun run =
        new ReconcileRun(
            12,
            "shop.customers",
            ReconcileScope.TABLE,
            "{}",
            ReconcileMode.REPAIR,
            RunState.SUCCEEDED,
            "scheduler",
            "scheduled by lockstep.reconcile.schedules[0]",
            1000,
            2,
            2,
            null,
            null,
            Instant.parse("2026-12-01T03:00:01Z"),
            Instant.parse("2026-12-01T03:00:02Z"),
            Instant.parse("2026-12-01T03:04:00Z"),
            Instant.parse("2026-12-01T03:04:00Z"));
    when(scheduler.statuses())
        .thenReturn(
            List.of(
                new ScheduleStatus(
                    new ReconcileSchedule(
                        0,
                        "shop.customers",
                        CronExpression.parse("0 0 3 * * *"),
                        ZoneId.of("UTC"),
                        ReconcileMode.REPAIR),
                    Instant.parse("2026-12-02T03:00:00Z"),
                    Instant.parse("2026-12-01T03:00:00Z"),
                    ScheduleOutcome.QUEUED,
                    null,
                    run),
                new ScheduleStatus(
                    new ReconcileSchedule(
                        1,
                        "shop.order_lines",
                        CronExpression.parse("0 30 1 * * SUN"),
                        ZoneId.of("Europe/Berlin"),
                        ReconcileMode.DRY_RUN),
                    Instant.parse("2026-12-06T00:30:00Z"),
                    null,
                    null,
                    null,
                    null)));

    mvc.perform(get(PATH).header("Authorization", bearer(VIEWER)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.length()").value(2))
        .andExpect(jsonPath("$[0].property").value("lockstep.reconcile.schedules[0]"))
        .andExpect(jsonPath("$[0].table").value("shop.customers"))
        .andExpect(jsonPath("$[0].cron").value("0 0 3 * * *"))
        .andExpect(jsonPath("$[0].zone").value("UTC"))
        .andExpect(jsonPath("$[0].mode").value("REPAIR"))
        .andExpect(jsonPath("$[0].nextFireAt").value("2026-12-02T03:00:00Z"))
        .andExpect(jsonPath("$[0].lastOutcome").value("QUEUED"))
        .andExpect(jsonPath("$[0].lastRun.id").value(12))
        .andExpect(jsonPath("$[0].lastRun.state").value("SUCCEEDED"))
        .andExpect(jsonPath("$[0].lastRun.differences").value(2))
        .andExpect(jsonPath("$[1].zone").value("Europe/Berlin"))
        .andExpect(jsonPath("$[1].lastRun").doesNotExist());
  }
}
