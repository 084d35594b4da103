package io.lockstep.recovery.service.resnapshot;

import io.lockstep.recovery.service.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Re-snapshots of a table while the pipeline streams (Debezium incremental snapshots). */
@RestController
class ResnapshotController {

  private final SnapshotSignals signals;
  private final RequestChecks checks;

  ResnapshotController(SnapshotSignals signals, RequestChecks checks) {
    this.signals = signals;
    this.checks = checks;
  }

  @Operation(
      summary =
          "Re-read a table from the source while streaming goes on; answers once the signal is"
              + " sent, the capture then works through the table chunk by chunk")
  @PostMapping("/api/v1/tables/{table}/resnapshot")
  ResponseEntity<SnapshotSignals.Sent> resnapshot(@PathVariable String table) {
    return ResponseEntity.accepted().body(signals.resnapshot(checks.table(table)));
  }

  @ExceptionHandler(NoSignalChannelException.class)
  ProblemDetail noSignalChannel(NoSignalChannelException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setTitle("No signal channel");
    return problem;
  }
}
