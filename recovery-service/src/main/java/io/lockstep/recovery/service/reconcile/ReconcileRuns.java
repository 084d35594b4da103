package io.lockstep.recovery.service.reconcile;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Queues reconciliation runs and reads them back; workers of any instance execute them. */
@Service
public class ReconcileRuns {

  private final RunRepository runs;
  private final Clock clock = Clock.systemUTC();

  public ReconcileRuns(RunRepository runs) {
    this.runs = runs;
  }

  /**
   * @param requestedBy who asked: an API token's name, or {@code system:retry} for escalations
   * @return the run's id
   */
  public long queue(ReconcileRunRequest request, String requestedBy, String reason) {
    return runs.insert(request, requestedBy, reason, clock.instant());
  }

  public Optional<ReconcileRun> find(long id) {
    return runs.find(id);
  }

  public List<ReconcileRun> recent(String table, int limit) {
    return runs.recent(table, limit);
  }

  public List<ReconcileRunner.Difference> differences(long runId, int page, int size) {
    return runs.differences(runId, page, size);
  }
}
