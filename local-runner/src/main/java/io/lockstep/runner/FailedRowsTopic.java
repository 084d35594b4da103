package io.lockstep.runner;

import io.lockstep.failure.FailedRow;
import io.lockstep.failure.FailedRowCodec;
import java.util.List;

/** Reads a pipeline's failed-rows topic from the beginning, for the quickstart and tests. */
public final class FailedRowsTopic {

  private FailedRowsTopic() {}

  public static List<FailedRow> readAll(String bootstrapServers, String topic) {
    return TopicRecords.readAll(bootstrapServers, topic, FailedRowCodec::decodeValue);
  }
}
