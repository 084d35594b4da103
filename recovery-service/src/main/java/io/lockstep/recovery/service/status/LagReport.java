package io.lockstep.recovery.service.status;

import java.util.List;

/**
 * How far the apply job's consumer group is behind the change topics.
 *
 * @param totalLag records not yet committed by the group, over every change-topic partition; a
 *     partition without a committed offset counts all its records
 * @param zero whether the lag could be read and is 0
 * @param error why it could not be read, or null
 */
public record LagReport(
    String group, long totalLag, boolean zero, List<PartitionLag> partitions, String error) {

  public static LagReport failed(String group, String error) {
    return new LagReport(group, -1, false, List.of(), error);
  }

  /**
   * @param committed the group's committed offset, or -1 if it has none
   */
  public record PartitionLag(String topic, int partition, long committed, long end, long lag) {}
}
