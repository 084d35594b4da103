package io.lockstep.capture;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TruncateHandling;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.contract.SerializedChange;
import io.lockstep.event.ChangeEvent;
import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import java.time.Instant;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the capture does with a source {@code TRUNCATE} under {@code source.truncate}: with {@code
 * replicate}, nothing (the truncate goes to its table's topic like a row change); with {@code
 * refuse}, the truncate is dead-lettered as {@link FailedRow.Kind#TRUNCATE_REFUSED} with its table,
 * position and what to do, counted in {@code lockstepCaptureTruncatesRefused}, and never reaches
 * the change topic, so the target keeps its rows and the stream goes on.
 */
final class RefusedTruncates {

  private static final Logger LOG = LoggerFactory.getLogger(RefusedTruncates.class);

  private final PipelineConfig config;
  private final boolean refuse;
  private final String topic;
  private final Counter refused;

  RefusedTruncates(PipelineConfig config, MetricGroup metrics) {
    this.config = config;
    this.refuse = config.get(PipelineOptions.SOURCE_TRUNCATE) == TruncateHandling.REFUSE;
    this.topic = PipelineTopics.failedRows(config.topicPrefix());
    this.refused = metrics.counter("lockstepCaptureTruncatesRefused");
  }

  /** Whether {@code change} is a truncate this pipeline does not replicate. */
  boolean refuses(ChangeEvent change) {
    return refuse && change.isTruncate();
  }

  /** The dead-letter record of a refused truncate. */
  SerializedChange deadLetter(ChangeEvent truncate) {
    refused.inc();
    String table = truncate.table().qualifiedName();
    String message = reason(table, truncate.position());
    LOG.warn("{}; dead-lettered to {}", message, topic);
    FailedRow row =
        new FailedRow(
            FailedRow.Kind.TRUNCATE_REFUSED,
            config.name(),
            table,
            "{}",
            truncate.position(),
            new FailedRow.Error("TruncateRefused", null, 0, message),
            0,
            Instant.now(),
            null,
            null,
            null);
    return new SerializedChange(
        topic, FailedRowCodec.encodeKey(row), FailedRowCodec.encodeValue(row));
  }

  static String reason(String table, String position) {
    return "TRUNCATE of source table "
        + table
        + " at "
        + position
        + " was not replicated (source.truncate: refuse): the target keeps the rows the source"
        + " removed. If the target should follow, reconcile the table in repair mode (which"
        + " deletes the rows the source lacks); otherwise nothing needs doing";
  }
}
