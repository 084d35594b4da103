package io.lockstep.recovery.service.cutover;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.TableNaming;
import io.lockstep.engine.Sequences;
import io.lockstep.engines.Engines;
import io.lockstep.recovery.service.pipeline.KnownTable;
import io.lockstep.recovery.service.pipeline.PipelineConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sequences over JDBC, read and set by each engine's {@link Sequences} (PostgreSQL: the sequences a
 * table's columns own; MariaDB/MySQL: the table's AUTO_INCREMENT column); this class plans each
 * sequence from the source's and the target's values. Table names come from the pipeline's catalog
 * and {@code target.table-renames}, never from a caller.
 */
@Component
class JdbcSequenceSync implements SequenceSync {

  private final PipelineConfig pipeline;
  private final PipelineConnections connections;
  private final TableNaming naming;

  JdbcSequenceSync(PipelineConfig pipeline, PipelineConnections connections) {
    this.pipeline = pipeline;
    this.connections = connections;
    this.naming = TableNaming.of(pipeline);
  }

  @Override
  public List<SequencePlan> sync(List<KnownTable> tables, long buffer, boolean dryRun)
      throws SQLException {
    List<SequencePlan> plans = new ArrayList<>();
    Sequences sourceSequences = Engines.of(pipeline.sourceEngine()).sequences();
    Sequences targetSequences = Engines.of(pipeline.targetEngine()).sequences();
    try (Connection source = connections.source();
        Connection target = connections.target()) {
      for (KnownTable table : tables) {
        TableNaming.TargetName to = naming.target(table.schema(), table.table());
        Map<String, Long> sourceValues =
            sourceSequences.lastValues(source, table.schema(), table.table());
        Map<String, Long> targetValues =
            targetSequences.lastValues(target, to.schema(), to.table());
        for (Map.Entry<String, Long> sequence : sourceValues.entrySet()) {
          plans.add(
              plan(
                  target,
                  table,
                  to,
                  sequence.getKey(),
                  sequence.getValue(),
                  targetValues,
                  buffer,
                  dryRun,
                  targetSequences));
        }
      }
    }
    return plans;
  }

  private SequencePlan plan(
      Connection target,
      KnownTable table,
      TableNaming.TargetName to,
      String column,
      Long sourceValue,
      Map<String, Long> targetValues,
      long buffer,
      boolean dryRun,
      Sequences targetSequences)
      throws SQLException {
    String targetName = to.schema() + "." + to.table();
    if (!targetValues.containsKey(column)) {
      return new SequencePlan(
          table.name(), column, targetName, sourceValue, null, null, "NO_TARGET_SEQUENCE");
    }
    long current = targetValues.get(column) == null ? 0 : targetValues.get(column);
    if (sourceValue == null) {
      return new SequencePlan(
          table.name(), column, targetName, null, current, null, "SOURCE_UNUSED");
    }
    long wanted = sourceValue + buffer;
    if (current >= wanted) {
      return new SequencePlan(
          table.name(), column, targetName, sourceValue, current, current, "ALREADY_AHEAD");
    }
    if (!dryRun) {
      targetSequences.setLastValue(target, to.schema(), to.table(), column, wanted);
    }
    return new SequencePlan(
        table.name(),
        column,
        targetName,
        sourceValue,
        current,
        wanted,
        dryRun ? "WOULD_SET" : "SET");
  }
}
