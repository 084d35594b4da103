package io.lockstep.apply;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.contract.SerializedChange;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds the records of the {@code <prefix>.failed-rows} topic. */
final class FailedRows {

  private FailedRows() {}

  static String topic(PipelineConfig config) {
    return PipelineTopics.failedRows(config.topicPrefix());
  }

  static FailedRow rejected(
      PipelineConfig config, ChangeEvent event, FailedRow.Error error, int attempts) {
    return of(FailedRow.Kind.REJECTED, config, event, error, attempts, null);
  }

  static FailedRow parked(PipelineConfig config, ChangeEvent event, String parkedBehind) {
    return of(FailedRow.Kind.PARKED, config, event, null, 0, parkedBehind);
  }

  static FailedRow resolved(PipelineConfig config, ChangeEvent event, String parkedBehind) {
    return of(FailedRow.Kind.RESOLVED, config, event, null, 1, parkedBehind);
  }

  /**
   * How much of a refused record's key and value the dead-letter record keeps: enough to see what
   * it was, and small, so that a refused record at the size limit cannot make a dead-letter record
   * over it.
   */
  static final int RAW_LIMIT = 64 * 1024;

  /** A reason quotes names and values of the record, which may be of any size. */
  private static final int REASON_LIMIT = 4096;

  static FailedRow refused(PipelineConfig config, SerializedChange change, Exception error) {
    return new FailedRow(
        FailedRow.Kind.UNDECODABLE,
        config.name(),
        change.topic,
        truncated(change.key),
        null,
        new FailedRow.Error(
            error.getClass().getName(),
            null,
            0,
            "record " + change.where() + ": " + cut(String.valueOf(error.getMessage()))),
        0,
        Instant.now(),
        null,
        null,
        truncated(change.value));
  }

  private static String cut(String reason) {
    return reason.length() <= REASON_LIMIT ? reason : reason.substring(0, REASON_LIMIT) + "...";
  }

  private static String truncated(byte[] bytes) {
    if (bytes.length <= RAW_LIMIT) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return new String(bytes, 0, RAW_LIMIT, StandardCharsets.UTF_8)
        + "... ("
        + bytes.length
        + " bytes in all)";
  }

  private static FailedRow of(
      FailedRow.Kind kind,
      PipelineConfig config,
      ChangeEvent event,
      FailedRow.Error error,
      int attempts,
      String related) {
    return new FailedRow(
        kind,
        config.name(),
        event.table().qualifiedName(),
        new String(ChangeEventCodec.encodeKey(event), StandardCharsets.UTF_8),
        event.position(),
        error,
        attempts,
        Instant.now(),
        related,
        event,
        null);
  }

  static SerializedChange record(String topic, FailedRow row) {
    return new SerializedChange(
        topic, FailedRowCodec.encodeKey(row), FailedRowCodec.encodeValue(row));
  }
}
