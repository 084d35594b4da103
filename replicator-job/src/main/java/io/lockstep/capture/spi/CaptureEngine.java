package io.lockstep.capture.spi;

import io.lockstep.config.PipelineConfig;
import io.lockstep.types.Engine;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.flink.metrics.MetricGroup;

/**
 * Everything the capture does differently on one source engine, behind one interface: the Debezium
 * connector and its engine-specific settings, the converter of its records, how its offsets order,
 * and what the log probe reads. Each engine's implementation lives in its own package ({@code
 * capture.postgres}, {@code capture.mariadb}) and is chosen by {@code
 * io.lockstep.capture.engines.CaptureEngines}; the rest of the capture asks the engine instead of
 * branching on {@link Engine}. The engine-neutral behaviour (SQL, types, catalog) is in the {@code
 * engines} module; this is only the part that needs Debezium, which that module must not depend on.
 *
 * <p>Implementations are stateless.
 */
public interface CaptureEngine {

  /**
   * Sets the connector class and this engine's own connector settings on {@code properties}, which
   * already hold the settings common to every connector (and the pass-through ones, which these
   * override).
   */
  void debeziumProperties(PipelineConfig config, Properties properties);

  /**
   * Whether this engine's connector keeps a schema history (binlog connectors do): the capture then
   * keeps it as Flink state ({@code FlinkStateSchemaHistory}), checkpointed with the offset.
   */
  boolean keepsSchemaHistory();

  /**
   * Reads what the connector's settings need of the source as it is when the capture starts (on
   * PostgreSQL: the partitions to leave out, and whether the server publishes them through their
   * root). Called before each start of the connector, so a partition attached since the last start
   * is known; nothing by default.
   *
   * @throws SQLException when the source cannot be read; the capture fails and Flink restarts it
   */
  default StartingSource startingSource(PipelineConfig config) throws SQLException {
    return StartingSource.NOTHING;
  }

  /** A new converter of this engine's connector records. */
  RecordConverter recordConverter();

  /**
   * The position in the source's log of a Debezium source offset as one number that grows along the
   * log, or 0 when the offset has none: the LSN on PostgreSQL, {@code (file number << 32) +
   * position} on MariaDB/MySQL (a binlog file is at most 4 GiB).
   */
  long logPosition(Map<String, ?> sourceOffset);

  /**
   * The log probe's engine part: registers its gauges on {@code group} (each reads -1 until the
   * first successful probe) and reads them on each {@link LogProbe#probe}.
   *
   * @param lastOffset the Debezium source offset of the last record the capture read, or null
   *     before the first
   */
  LogProbe logProbe(PipelineConfig config, MetricGroup group, Supplier<Map<String, ?>> lastOffset);
}
