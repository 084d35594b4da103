package io.lockstep.recovery.service.cutover;

import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.pipeline.KnownTable;
import io.lockstep.recovery.service.pipeline.KnownTables;
import io.lockstep.recovery.service.status.LagReport;
import io.lockstep.recovery.service.status.PipelineLag;
import io.lockstep.recovery.service.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Helpers for the switch from source to target (docs/recovery-service.md, "Cutover"). */
@RestController
@RequestMapping("/api/v1/cutover")
class CutoverController {

  private final PipelineLag lag;
  private final SequenceSync sequences;
  private final KnownTables knownTables;
  private final RequestChecks checks;
  private final long defaultBuffer;

  CutoverController(
      PipelineLag lag,
      SequenceSync sequences,
      KnownTables knownTables,
      RequestChecks checks,
      RecoveryProperties properties) {
    this.lag = lag;
    this.sequences = sequences;
    this.knownTables = knownTables;
    this.checks = checks;
    this.defaultBuffer = properties.cutover().sequenceBuffer();
  }

  @Operation(summary = "Whether the apply job has caught up: its consumer lag, zero or not")
  @GetMapping("/lag")
  LagReport lag() {
    return lag.applyLag();
  }

  /**
   * @param dryRun true unless false is given: only report what would be set
   * @param buffer added to each source value; {@code lockstep.cutover.sequence-buffer} if absent
   * @param tables the tables to sync; every replicated table if absent
   */
  record SequencesRequest(Boolean dryRun, Long buffer, List<String> tables) {}

  record SequencesResult(boolean dryRun, long buffer, List<SequencePlan> sequences) {}

  @Operation(summary = "Set target sequences / AUTO_INCREMENT to the source's plus a buffer")
  @PostMapping("/sequences")
  SequencesResult sequences(@RequestBody(required = false) SequencesRequest request)
      throws Exception {
    boolean dryRun = request == null || request.dryRun() == null || request.dryRun();
    long buffer = request == null || request.buffer() == null ? defaultBuffer : request.buffer();
    if (buffer < 0) {
      throw new io.lockstep.recovery.service.web.InvalidRequestException(
          "'buffer' must be 0 or more, but was " + buffer);
    }
    List<KnownTable> tables = new ArrayList<>();
    if (request == null || request.tables() == null || request.tables().isEmpty()) {
      for (String name : knownTables.names()) {
        knownTables.find(name).ifPresent(tables::add);
      }
    } else {
      for (String name : request.tables()) {
        tables.add(checks.table(name));
      }
    }
    return new SequencesResult(dryRun, buffer, sequences.sync(tables, buffer, dryRun));
  }
}
