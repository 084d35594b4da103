package io.lockstep.preflight;

import io.lockstep.contract.PipelineTopics;
import io.lockstep.engine.CapturedTable;
import io.lockstep.event.TableId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Captured tables whose change topics Kafka would refuse to hold side by side. Kafka names a
 * topic's metrics with its {@code .} turned into {@code _}, and refuses to create a topic whose
 * name differs from an existing one only there. Topic names keep {@code _} and join the parts of a
 * table's name with {@code .} ({@link PipelineTopics#changes}), so schema {@code a_b} table {@code
 * c} and schema {@code a} table {@code b_c} would be such a pair: the capture could not write the
 * second table's changes.
 */
final class TopicCollisions {

  private TopicCollisions() {}

  /** One message per group of {@code tables} whose topics Kafka would take for the same. */
  static List<String> of(String topicPrefix, String database, List<CapturedTable> tables) {
    Map<String, List<String>> byMetricName = new LinkedHashMap<>();
    Map<String, String> topicOf = new LinkedHashMap<>();
    for (CapturedTable table : tables) {
      String topic =
          PipelineTopics.changes(topicPrefix, new TableId(database, table.schema(), table.name()));
      String described = describe(table);
      topicOf.put(described, topic);
      byMetricName.computeIfAbsent(topic.replace('.', '_'), k -> new ArrayList<>()).add(described);
    }
    List<String> problems = new ArrayList<>();
    for (List<String> group : byMetricName.values()) {
      if (group.size() > 1) {
        problems.add(
            "tables "
                + String.join(
                    " and ",
                    group.stream().map(t -> t + " (topic " + topicOf.get(t) + ")").toList())
                + " have change topics whose names differ only in '.' against '_'. Kafka refuses"
                + " to hold both (their metric names would be the same), so the capture could not"
                + " write the second one. Rename one of the tables on the source, or leave one"
                + " out of the pipeline (source.tables, source.exclude-tables).");
      }
    }
    return problems;
  }

  private static String describe(CapturedTable table) {
    return "schema '" + table.schema() + "' table '" + table.name() + "'";
  }
}
