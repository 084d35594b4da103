package io.lockstep.verify;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableNaming;
import io.lockstep.contract.ChangeRecordCheck;
import io.lockstep.contract.RefusedRecordException;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.event.ChangeEvent;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up each due row on the target (batched, {@link RowLookup}) and compares it with its newest
 * change. Matching rows are verified; rows the target holds a newer change of are left to that
 * change's own check; the others are suspects for the source re-check.
 */
final class TargetCheck extends RichAsyncFunction<ObservedChange, Suspect> {

  private static final Logger LOG = LoggerFactory.getLogger(TargetCheck.class);

  private final PipelineConfig config;
  private transient Counter lookupsFailed;
  private transient ChangeRecordCheck check;
  private transient Counter skipped;
  private transient Counter truncates;
  private transient RowLookup target;
  private transient TableNaming naming;
  private transient String positionColumn;
  private transient ColumnMask mask;
  private transient Counter verified;
  private transient Counter superseded;
  private transient Counter mismatches;
  private transient Counter notStoredColumns;
  private transient volatile long lastLagMillis;

  TargetCheck(PipelineConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext context) {
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    target = RowLookup.onTarget(config, subtask);
    naming = TableNaming.of(config);
    MetadataColumns metadata = MetadataColumns.from(config);
    positionColumn = metadata.enabled() ? metadata.position() : null;
    mask = new ColumnMask(config.get(PipelineOptions.VERIFY_MASKED_COLUMNS));
    var metrics = getRuntimeContext().getMetricGroup();
    lookupsFailed = metrics.counter("lockstepVerifyLookupsFailed");
    check = ChangeRecordCheck.of(config);
    skipped = metrics.counter("lockstepVerifyRecordsSkipped");
    truncates = metrics.counter("lockstepVerifyTruncatesSeen");
    verified = metrics.counter("lockstepVerifyKeysVerified");
    metrics.meter("lockstepVerifyKeysVerifiedPerSecond", new MeterView(verified));
    superseded = metrics.counter("lockstepVerifyKeysSuperseded");
    mismatches = metrics.counter("lockstepVerifyMismatchesSeen");
    notStoredColumns = metrics.counter("lockstepVerifyPendingBackfillColumns");
    // From the source commit of the newest change checked to its check: the delay, any stretch
    // while apply lagged, and the verifier's own backlog.
    metrics.gauge("lockstepVerifyLagMs", () -> lastLagMillis);
  }

  @Override
  public void asyncInvoke(ObservedChange change, ResultFuture<Suspect> result) {
    ChangeEvent event;
    try {
      event = check.read(change.topic, change.key, change.value);
    } catch (RefusedRecordException e) {
      // The apply job refuses the same record and dead-letters it with the reason; the verifier
      // has no row to check and counts it.
      skipped.inc();
      if (skipped.getCount() <= 10) {
        LOG.warn(
            "Not verifying record {}/{}@{}: {}",
            change.topic,
            change.partition,
            change.offset,
            e.getMessage());
      }
      result.complete(Collections.emptyList());
      return;
    }
    if (event.isTruncate()) {
      // A truncate names no row to look up. The rows it removed need no check of their own: a
      // change of such a row from before the truncate finds no row on the target, and the source
      // re-check, finding none on the source either, clears it; a change after it is checked as
      // any other (docs/verification.md, "Truncates").
      truncates.inc();
      LOG.info("Truncate of {} at {} seen; not looked up", event.table(), event.position());
      result.complete(Collections.emptyList());
      return;
    }
    TableNaming.TargetName name = naming.target(event.table());
    target
        .find(name.schema(), name.table(), event.schema(), event.key())
        .whenComplete(
            (row, error) -> {
              if (error != null) {
                if (LookupFailedException.is(error)) {
                  lookupsFailed.inc();
                  result.complete(Collections.emptyList());
                } else {
                  result.completeExceptionally(error);
                }
                return;
              }
              try {
                result.complete(compare(change, event, row));
              } catch (RuntimeException e) {
                // A row that cannot be compared (a value of a form the comparison does not know)
                // is left unverified and counted: thrown on, it would leave the result open for
                // good, and the lookup's slot with it.
                lookupsFailed.inc();
                if (lookupsFailed.getCount() <= 10) {
                  LOG.warn(
                      "Cannot compare the row of {} key {}: {}",
                      event.table(),
                      event.key(),
                      e.toString());
                }
                result.complete(Collections.emptyList());
              }
            });
  }

  private List<Suspect> compare(
      ObservedChange change,
      ChangeEvent event,
      java.util.Optional<java.util.Map<String, Object>> row) {
    lastLagMillis = System.currentTimeMillis() - event.commitTime().toEpochMilli();
    RowComparison.Result comparison = RowComparison.compare(event, row, positionColumn);
    notStoredColumns.inc(comparison.notStored().size());
    return switch (comparison.outcome()) {
      case MATCH -> {
        verified.inc();
        yield Collections.emptyList();
      }
      case SUPERSEDED -> {
        superseded.inc();
        yield Collections.emptyList();
      }
      case MISMATCH -> {
        mismatches.inc();
        yield List.of(suspect(change, event, comparison));
      }
    };
  }

  private Suspect suspect(
      ObservedChange change, ChangeEvent event, RowComparison.Result comparison) {
    String table = event.table().schemaQualifiedName();
    return new Suspect(
        change.value, change.key, comparison.kind(), mask.apply(table, comparison.columns()));
  }

  @Override
  public void close() {
    if (target != null) {
      target.close();
    }
  }
}
