package io.lockstep.apply;

import io.lockstep.config.PipelineConfig;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import io.lockstep.kafka.ChangeTopics;
import io.lockstep.kafka.SerializedChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds the records of the {@code <prefix>.failed-rows} topic. */
final class FailedRows {

  private FailedRows() {}

  static String topic(PipelineConfig config) {
    return config.topicPrefix() + "." + ChangeTopics.FAILED_ROWS;
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

  static FailedRow undecodable(PipelineConfig config, SerializedChange change, Exception error) {
    return new FailedRow(
        FailedRow.Kind.UNDECODABLE,
        config.name(),
        change.topic,
        new String(change.key, StandardCharsets.UTF_8),
        null,
        new FailedRow.Error(
            error.getClass().getName(), null, 0, String.valueOf(error.getMessage())),
        0,
        Instant.now(),
        null,
        null,
        new String(change.value, StandardCharsets.UTF_8));
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
