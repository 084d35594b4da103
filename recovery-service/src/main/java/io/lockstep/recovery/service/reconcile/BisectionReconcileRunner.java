package io.lockstep.recovery.service.reconcile;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lockstep.config.PipelineConfig;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.recovery.reconcile.Difference;
import io.lockstep.recovery.reconcile.ForceSyncRepair;
import io.lockstep.recovery.reconcile.ReconcileListener;
import io.lockstep.recovery.reconcile.ReconcileResult;
import io.lockstep.recovery.reconcile.ReconcileState;
import io.lockstep.recovery.reconcile.Reconciler;
import io.lockstep.recovery.reconcile.RepairOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tier 2 over recovery-core's checksum bisection ({@link Reconciler}), repairing through force-sync
 * ({@link ForceSyncRepair}). The service's store keeps the run; this class translates its request,
 * reports progress and differences, and hands the engine's state over as the run's checkpoint, so a
 * run taken over after a restart resumes where it stopped.
 */
final class BisectionReconcileRunner implements ReconcileRunner, AutoCloseable {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Reconciler reconciler;
  private final ForceSyncRepair repair;

  BisectionReconcileRunner(PipelineConfig config) {
    this.reconciler = Reconciler.open(config);
    this.repair = ForceSyncRepair.open(config);
  }

  @Override
  public Summary run(ReconcileRunRequest request, String checkpointJson, Progress progress)
      throws Exception {
    ReconcileState start =
        checkpointJson == null
            ? reconciler.plan(engineRequest(request))
            : ReconcileState.fromJson(checkpointJson);
    Reporter reporter = new Reporter(progress, start.repair());
    ReconcileResult result =
        reconciler.resume(
            start,
            start.repair() ? repair : null,
            reporter,
            state -> progress.update(state.rowsCompared(), reporter.repaired, state.toJson()));
    reporter.flushUnrepaired();
    return new Summary(result.rowsCompared(), result.differences().size(), reporter.repaired);
  }

  private static io.lockstep.recovery.reconcile.ReconcileRequest engineRequest(
      ReconcileRunRequest request) throws Exception {
    io.lockstep.recovery.reconcile.ReconcileRequest.Builder engine =
        io.lockstep.recovery.reconcile.ReconcileRequest.builder(request.table())
            .repair(request.mode() == ReconcileMode.REPAIR);
    switch (request.scope()) {
      case TABLE -> {}
      case RANGE -> engine.range(values(request.fromKeyJson()), values(request.toKeyJson()));
      case KEYS -> {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (String key : request.keysJson()) {
          keys.add(object(key));
        }
        engine.keys(keys);
      }
    }
    return engine.build();
  }

  /** A key object's values in the caller's order, which the API requires to be the key's. */
  private static List<Object> values(String keyJson) throws Exception {
    return keyJson == null ? null : new ArrayList<>(object(keyJson).values());
  }

  private static Map<String, Object> object(String keyJson) throws Exception {
    return JSON.readValue(keyJson, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  /**
   * Passes differences on, each once its fate is known: at once in a dry run, after the repair of
   * its row otherwise.
   */
  private static final class Reporter implements ReconcileListener {

    private final Progress progress;
    private final boolean repairing;
    private final Map<Map<String, Object>, io.lockstep.recovery.reconcile.Difference>
        awaitingRepair = new LinkedHashMap<>();
    private long repaired;

    Reporter(Progress progress, boolean repairing) {
      this.progress = progress;
      this.repairing = repairing;
    }

    @Override
    public void onDifference(io.lockstep.recovery.reconcile.Difference difference) {
      if (repairing) {
        awaitingRepair.put(difference.key(), difference);
      } else {
        report(difference, false);
      }
    }

    @Override
    public void onRepair(RepairOutcome outcome) {
      io.lockstep.recovery.reconcile.Difference difference = awaitingRepair.remove(outcome.key());
      if (outcome.consistent()) {
        repaired++;
      }
      if (difference != null) {
        report(difference, outcome.consistent());
      }
    }

    void flushUnrepaired() {
      awaitingRepair.values().forEach(d -> report(d, false));
      awaitingRepair.clear();
    }

    private void report(io.lockstep.recovery.reconcile.Difference difference, boolean fixed) {
      progress.difference(
          new Difference(
              keyJson(difference.key()),
              difference.kind().name(),
              difference.columns().stream().map(Discrepancy.ColumnDifference::column).toList(),
              fixed));
    }
  }

  private static String keyJson(Map<String, Object> key) {
    try {
      return JSON.writeValueAsString(key);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write key " + key + " as JSON", e);
    }
  }

  @Override
  public void close() {
    try {
      repair.close();
    } finally {
      reconciler.close();
    }
  }
}
