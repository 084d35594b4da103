package io.lockstep.recovery.service.reconcile;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.lockstep.recovery.service.pipeline.KnownTable;
import io.lockstep.recovery.service.security.Actor;
import io.lockstep.recovery.service.web.InvalidRequestException;
import io.lockstep.recovery.service.web.NotFoundException;
import io.lockstep.recovery.service.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reconciliations an operator starts and follows (tier 3 over tier 2). */
@RestController
@RequestMapping("/api/v1/reconciliations")
class ReconcileController {

  private static final int MAX_KEYS = 10_000;

  private final ReconcileRuns runs;
  private final RequestChecks checks;

  ReconcileController(ReconcileRuns runs, RequestChecks checks) {
    this.runs = runs;
    this.checks = checks;
  }

  /**
   * What to reconcile: a whole table, a key range ({@code from}, inclusive, and/or {@code to},
   * exclusive: the first key after the range; the first key columns or all of them, in key order),
   * or a list of keys. {@code mode} is DRY_RUN unless REPAIR is asked for.
   */
  record StartRequest(
      String table,
      Map<String, Object> from,
      Map<String, Object> to,
      List<Map<String, Object>> keys,
      ReconcileMode mode,
      String reason) {}

  record RunView(
      long id,
      String table,
      ReconcileScope scope,
      @JsonRawValue String scopeDetail,
      ReconcileMode mode,
      RunState state,
      String requestedBy,
      String reason,
      long rowsCompared,
      long differences,
      long rowsRepaired,
      String error,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      Instant lastProgressAt,
      List<DifferenceView> differenceList) {

    static RunView of(ReconcileRun run, List<ReconcileRunner.Difference> differences) {
      return new RunView(
          run.id(),
          run.table(),
          run.scope(),
          run.scopeJson(),
          run.mode(),
          run.state(),
          run.requestedBy(),
          run.reason(),
          run.rowsCompared(),
          run.differences(),
          run.rowsRepaired(),
          run.error(),
          run.createdAt(),
          run.startedAt(),
          run.finishedAt(),
          run.heartbeatAt(),
          differences == null ? null : differences.stream().map(DifferenceView::of).toList());
    }
  }

  record DifferenceView(
      @JsonRawValue String key, String kind, List<String> columns, boolean repaired) {
    static DifferenceView of(ReconcileRunner.Difference d) {
      return new DifferenceView(d.keyJson(), d.kind(), d.columns(), d.repaired());
    }
  }

  @Operation(summary = "Start a reconciliation of a table, a key range or a list of keys")
  @PostMapping
  ResponseEntity<RunView> start(@RequestBody StartRequest body, HttpServletRequest http) {
    if (body == null) {
      throw new InvalidRequestException("a JSON body with 'table' is required");
    }
    KnownTable table = checks.table(body.table());
    ReconcileMode mode = body.mode() == null ? ReconcileMode.DRY_RUN : body.mode();
    boolean hasKeys = body.keys() != null && !body.keys().isEmpty();
    boolean hasRange = body.from() != null || body.to() != null;
    if (hasKeys && hasRange) {
      throw new InvalidRequestException("give either 'keys' or 'from'/'to', not both");
    }
    ReconcileRunRequest request;
    if (hasKeys) {
      if (body.keys().size() > MAX_KEYS) {
        throw new InvalidRequestException(
            "'keys' may hold at most " + MAX_KEYS + " keys; reconcile a range or the table");
      }
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < body.keys().size(); i++) {
        keys.add(RowKeyChecks.key(table, body.keys().get(i), "keys[" + i + "]", false));
      }
      request = ReconcileRunRequest.keys(table.name(), keys, mode);
    } else if (hasRange) {
      request =
          ReconcileRunRequest.range(
              table.name(),
              body.from() == null ? null : RowKeyChecks.key(table, body.from(), "from", true),
              body.to() == null ? null : RowKeyChecks.key(table, body.to(), "to", true),
              mode);
    } else {
      request = ReconcileRunRequest.table(table.name(), mode);
    }
    String reason = body.reason() == null ? null : body.reason().strip();
    if (reason != null && reason.length() > 500) {
      throw new InvalidRequestException("'reason' may be at most 500 characters");
    }
    long id = runs.queue(request, Actor.of(http), reason == null ? "requested" : reason);
    ReconcileRun run = runs.find(id).orElseThrow();
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/reconciliations/" + id))
        .body(RunView.of(run, null));
  }

  @Operation(summary = "Recent reconciliation runs, newest first")
  @GetMapping
  List<RunView> recent(
      @RequestParam(required = false) String table, @RequestParam(defaultValue = "50") int limit) {
    RequestChecks.page(0, limit);
    String name = table == null ? null : checks.table(table).name();
    return runs.recent(name, limit).stream().map(r -> RunView.of(r, null)).toList();
  }

  @Operation(summary = "One run: state, progress, and a page of the differences found")
  @GetMapping("/{id}")
  RunView run(
      @PathVariable long id,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "100") int size) {
    RequestChecks.page(page, size);
    ReconcileRun run =
        runs.find(id).orElseThrow(() -> new NotFoundException("No reconciliation run " + id));
    return RunView.of(run, runs.differences(id, page, size));
  }
}
