package io.lockstep.verify;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.contract.SerializedChange;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.discrepancy.DiscrepancyCodec;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Confirms a suspect by re-reading the source row (design decision 8). If the source no longer
 * holds what the change said, the source has moved on: a later change is on its way and will be
 * checked, so this one is dropped. If it still does, the target differs from the current source,
 * and the discrepancy is reported.
 */
final class SourceRecheck extends RichAsyncFunction<Suspect, SerializedChange> {

  private final PipelineConfig config;
  private transient Counter lookupsFailed;
  private transient RowLookup source;
  private transient String topic;
  private transient Counter confirmed;
  private transient Counter cleared;

  SourceRecheck(PipelineConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext context) {
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    source = RowLookup.onSource(config, subtask);
    topic = PipelineTopics.discrepancies(config.topicPrefix());
    var metrics = getRuntimeContext().getMetricGroup();
    lookupsFailed = metrics.counter("lockstepVerifyLookupsFailed");
    confirmed = metrics.counter("lockstepVerifyDiscrepanciesConfirmed");
    cleared = metrics.counter("lockstepVerifyMismatchesCleared");
  }

  @Override
  public void asyncInvoke(Suspect suspect, ResultFuture<SerializedChange> result) {
    ChangeEvent event = ChangeEventCodec.decodeValue(suspect.event);
    source
        .find(event.table().schema(), event.table().table(), event.schema(), event.key())
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
                // The source row against the change, values only (the source has no metadata).
                if (RowComparison.compare(event, row, null).outcome()
                    != RowComparison.Outcome.MATCH) {
                  cleared.inc();
                  result.complete(Collections.emptyList());
                  return;
                }
                confirmed.inc();
                Discrepancy report =
                    new Discrepancy(
                        config.name(),
                        event.table().schemaQualifiedName(),
                        new String(suspect.key, StandardCharsets.UTF_8),
                        suspect.kind(),
                        suspect.differences(),
                        event.position(),
                        event.commitTime(),
                        Instant.now());
                result.complete(
                    List.of(
                        new SerializedChange(
                            topic,
                            DiscrepancyCodec.encodeKey(report),
                            DiscrepancyCodec.encodeValue(report))));
              } catch (RuntimeException e) {
                // As in TargetCheck: a row that cannot be compared is counted, never left open.
                lookupsFailed.inc();
                result.complete(Collections.emptyList());
              }
            });
  }

  @Override
  public void close() {
    if (source != null) {
      source.close();
    }
  }
}
