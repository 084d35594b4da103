package io.lockstep.capture;

import io.lockstep.event.ChangeEvent;
import io.lockstep.types.Engine;
import java.io.Serializable;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a Debezium record into a {@link ChangeEvent}, or null for records that carry no row change
 * (heartbeats, transaction markers, truncates, messages). One implementation per source engine,
 * because table identity, positions and type rules differ; each expects the connector settings of
 * {@link DebeziumProperties}.
 */
public interface RecordConverter extends Serializable {

  /** Converts a record read in {@code epoch} (see {@link io.lockstep.event.SourcePosition}). */
  ChangeEvent convert(SourceRecord record, long epoch);

  /** The converter for the records of a source engine's connector. */
  static RecordConverter of(Engine source) {
    return switch (source) {
      case POSTGRES -> new PostgresRecordConverter();
      case MARIADB -> new MariaDbRecordConverter();
    };
  }
}
