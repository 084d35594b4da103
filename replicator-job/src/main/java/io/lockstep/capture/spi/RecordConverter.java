package io.lockstep.capture.spi;

import io.lockstep.event.ChangeEvent;
import java.io.Serializable;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a Debezium record into a {@link ChangeEvent} (a row change or a truncate), or null for
 * records that carry neither (heartbeats, transaction markers, messages). One implementation per
 * source engine, because table identity, positions and type rules differ; each expects the
 * connector settings its engine's {@link CaptureEngine#debeziumProperties} sets.
 */
public interface RecordConverter extends Serializable {

  /** Converts a record read in {@code epoch} (see {@link io.lockstep.event.SourcePosition}). */
  ChangeEvent convert(SourceRecord record, long epoch);
}
