package io.lockstep.apply;

import io.lockstep.event.ChangeEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The apply job's counters per source table: a {@code table} group (a {@code table} label on
 * Prometheus) under the operator, so that a dashboard shows which table a dead letter came from.
 * The operator's own totals stay as they were; these are per table, under the same names.
 */
final class ApplyTableMetrics {

  /** Samples a histogram keeps: enough for percentiles of recent batches, little memory. */
  private static final int HISTOGRAM_WINDOW = 500;

  private final MetricGroup operator;
  private final Map<String, Counter> appliedByTopic = new HashMap<>();
  private final Map<String, Counter> deadLetteredByTable = new HashMap<>();

  ApplyTableMetrics(MetricGroup operator) {
    this.operator = operator;
  }

  static Histogram histogram() {
    return new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
  }

  /** An event received for the table of {@code topic}; looked up by topic, not decoded again. */
  void received(String topic, ChangeEvent event) {
    Counter counter = appliedByTopic.get(topic);
    if (counter == null) {
      counter = table(event).counter("lockstepEventsApplied");
      appliedByTopic.put(topic, counter);
    }
    counter.inc();
  }

  void deadLettered(ChangeEvent event) {
    deadLetteredByTable
        .computeIfAbsent(
            event.table().qualifiedName(), t -> table(event).counter("lockstepRowsDeadLettered"))
        .inc();
  }

  private MetricGroup table(ChangeEvent event) {
    return operator.addGroup("table", event.table().qualifiedName());
  }
}
