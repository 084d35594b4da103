package io.lockstep.apply;

import io.lockstep.config.PipelineConfig;
import io.lockstep.kafka.SerializedChange;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes changes to the target database. At-least-once: each writer flushes its buffer before every
 * checkpoint barrier, and the position guard makes the replays after a restore harmless. Input must
 * be partitioned by row key, so that all changes of a row reach one writer in order.
 */
public final class ApplySink implements Sink<SerializedChange> {

  private final PipelineConfig config;

  public ApplySink(PipelineConfig config) {
    this.config = config;
  }

  @Override
  public SinkWriter<SerializedChange> createWriter(WriterInitContext context) {
    return new ApplySinkWriter(config, context);
  }
}
