package io.lockstep.verify;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableNaming;
import io.lockstep.dialect.MetadataColumns;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Looks up each due row on the target (batched, {@link RowLookup}) and compares it with its newest
 * change. Matching rows are verified; rows the target holds a newer change of are left to that
 * change's own check; the others are suspects for the source re-check.
 */
final class TargetCheck extends RichAsyncFunction<ObservedChange, Suspect> {

  private final PipelineConfig config;
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
    ChangeEvent event = ChangeEventCodec.decodeValue(change.value);
    TableNaming.TargetName name = naming.target(event.table());
    target
        .find(name.schema(), name.table(), event.schema(), event.key())
        .whenComplete(
            (row, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
                return;
              }
              lastLagMillis = System.currentTimeMillis() - event.commitTime().toEpochMilli();
              RowComparison.Result comparison = RowComparison.compare(event, row, positionColumn);
              notStoredColumns.inc(comparison.notStored().size());
              switch (comparison.outcome()) {
                case MATCH -> {
                  verified.inc();
                  result.complete(Collections.emptyList());
                }
                case SUPERSEDED -> {
                  superseded.inc();
                  result.complete(Collections.emptyList());
                }
                case MISMATCH -> {
                  mismatches.inc();
                  result.complete(List.of(suspect(change, event, comparison)));
                }
              }
            });
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
