package io.lockstep.runner;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.discrepancy.DiscrepancyCodec;
import java.util.List;

/** Reads a pipeline's discrepancies topic from the beginning, for the quickstart and tests. */
public final class DiscrepanciesTopic {

  private DiscrepanciesTopic() {}

  /** The pipeline's discrepancies, read with its Kafka client settings. */
  public static List<Discrepancy> readAll(PipelineConfig config) {
    return TopicRecords.readAll(
        config, PipelineTopics.discrepancies(config.topicPrefix()), DiscrepancyCodec::decodeValue);
  }

  /** The discrepancies under {@code topicPrefix} of an embedded broker (tests). */
  public static List<Discrepancy> readAll(String bootstrapServers, String topicPrefix) {
    return TopicRecords.readAll(
        bootstrapServers, PipelineTopics.discrepancies(topicPrefix), DiscrepancyCodec::decodeValue);
  }
}
