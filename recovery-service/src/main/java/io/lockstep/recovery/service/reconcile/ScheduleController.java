package io.lockstep.recovery.service.reconcile;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The reconciliation schedules of {@code lockstep.reconcile.schedules} and what they did. */
@RestController
class ScheduleController {

  private final ReconcileScheduler scheduler;

  ScheduleController(ReconcileScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * @param property the entry of the configuration
   * @param lastOutcome QUEUED, SKIPPED_ACTIVE_RUN or UNKNOWN_TABLE at the last due time
   * @param lastDetail why no run was queued then
   * @param lastRun the last run the schedule queued
   */
  record ScheduleView(
      String property,
      String table,
      String cron,
      String zone,
      ReconcileMode mode,
      Instant nextFireAt,
      Instant lastDueAt,
      ScheduleOutcome lastOutcome,
      String lastDetail,
      RunSummary lastRun) {

    static ScheduleView of(ScheduleStatus status) {
      return new ScheduleView(
          status.schedule().property(),
          status.schedule().table(),
          status.schedule().cron().toString(),
          status.schedule().zone().getId(),
          status.schedule().mode(),
          status.nextFireAt(),
          status.lastDueAt(),
          status.lastOutcome(),
          status.lastDetail(),
          status.lastRun() == null ? null : RunSummary.of(status.lastRun()));
    }
  }

  record RunSummary(
      long id,
      RunState state,
      Instant createdAt,
      Instant finishedAt,
      long rowsCompared,
      long differences,
      long rowsRepaired) {

    static RunSummary of(ReconcileRun run) {
      return new RunSummary(
          run.id(),
          run.state(),
          run.createdAt(),
          run.finishedAt(),
          run.rowsCompared(),
          run.differences(),
          run.rowsRepaired());
    }
  }

  @Operation(summary = "The reconciliation schedules, their next due time and the last run queued")
  @GetMapping("/api/v1/reconciliations/schedules")
  List<ScheduleView> schedules() {
    return scheduler.statuses().stream().map(ScheduleView::of).toList();
  }
}
