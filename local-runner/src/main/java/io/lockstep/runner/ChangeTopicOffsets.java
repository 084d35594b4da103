package io.lockstep.runner;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.KafkaClientProperties;
import io.lockstep.contract.PipelineTopics;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** How many change events the change topics hold, read with the Kafka admin client. */
public final class ChangeTopicOffsets {

  private ChangeTopicOffsets() {}

  /**
   * The number of records in every change topic of the pipeline, read with its Kafka client
   * settings ({@link KafkaClientProperties}).
   */
  public static long changeRecords(PipelineConfig config) throws Exception {
    return changeRecords(KafkaClientProperties.of(config), config.topicPrefix());
  }

  /** The number of records in every change topic under {@code prefix} of an embedded broker. */
  public static long changeRecords(String bootstrapServers, String prefix) throws Exception {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return changeRecords(properties, prefix);
  }

  private static long changeRecords(Properties clientProperties, String prefix) throws Exception {
    try (Admin admin = Admin.create(clientProperties)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      var pattern = PipelineTopics.changeTopics(prefix);
      for (var description :
          admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get().values()) {
        if (pattern.matcher(description.name()).matches()) {
          description
              .partitions()
              .forEach(
                  p ->
                      latest.put(
                          new TopicPartition(description.name(), p.partition()),
                          OffsetSpec.latest()));
        }
      }
      long total = 0;
      for (var offset : admin.listOffsets(latest).all().get().values()) {
        total += offset.offset();
      }
      return total;
    }
  }
}
