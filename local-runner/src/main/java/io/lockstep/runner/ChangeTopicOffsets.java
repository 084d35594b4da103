package io.lockstep.runner;

import io.lockstep.kafka.ChangeTopics;
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

  /** The number of records in every change topic under {@code prefix}. */
  public static long changeRecords(String bootstrapServers, String prefix) throws Exception {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(properties)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      var pattern = ChangeTopics.changeTopics(prefix);
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
