package io.lockstep.capture.postgres;

import io.lockstep.capture.spi.CaptureEngine;
import io.lockstep.capture.spi.LogProbe;
import io.lockstep.capture.spi.RecordConverter;
import io.lockstep.capture.spi.StartingSource;
import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.PublicationMode;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.TablePartition;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.flink.metrics.MetricGroup;

/** The capture of a PostgreSQL source: Debezium's PostgreSQL connector on pgoutput. */
public final class PostgresCapture implements CaptureEngine {

  /** Debezium's PostgreSQL connector. */
  static final String CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";

  /** Debezium's switch for creating its publication WITH (publish_via_partition_root = true). */
  public static final String PUBLISH_VIA_PARTITION_ROOT = "publish.via.partition.root";

  @Override
  public void debeziumProperties(PipelineConfig config, Properties p) {
    p.setProperty("connector.class", CONNECTOR);
    p.setProperty("database.dbname", config.get(PipelineOptions.SOURCE_DATABASE));
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", config.slotName());
    p.setProperty("publication.name", config.publicationName());
    p.setProperty(
        "publication.autocreate.mode", config.get(PipelineOptions.SOURCE_PUBLICATION_MODE).word());
    String heartbeatAction = config.get(PipelineOptions.SOURCE_HEARTBEAT_ACTION_QUERY);
    if (!heartbeatAction.isBlank()) {
      p.setProperty("heartbeat.action.query", heartbeatAction);
    }
    p.setProperty("interval.handling.mode", "string");
    p.setProperty("include.unknown.datatypes", "true");
    // Never let the JDBC driver's keep-alives confirm LSNs behind the checkpoints' back.
    p.setProperty("lsn.flush.mode", "connector");
    // PostgreSQL has no schema-change records, but an incremental snapshot of a table Debezium has
    // not seen yet (one created while running: NewTableWatcher) builds one, and fails on its empty
    // database name unless schema-change records are off; the table is then skipped, unsnapshotted.
    p.setProperty("include.schema.changes", "false");
  }

  /**
   * A partitioned table is captured through its root: the publication is created with {@code
   * publish_via_partition_root} (PostgreSQL 13+; it changes nothing for other tables), so pgoutput
   * sends every partition's changes, a row moving between partitions included, as the root's, and
   * the partitions that {@code source.tables} matches are left out, so that they are neither
   * snapshotted nor published as tables of their own. A partition attached or created after this
   * start is covered by its root all the same.
   */
  @Override
  public StartingSource startingSource(PipelineConfig config) throws SQLException {
    TableSelection selection = TableSelection.of(config);
    try (Connection source = DataSources.connect(Endpoint.source(config))) {
      List<String> partitions =
          CatalogReader.partitions(source, Engine.POSTGRES).stream()
              .filter(p -> selection.includes(p.schema(), p.name()))
              .map(TablePartition::qualified)
              .toList();
      boolean viaRoot = source.getMetaData().getDatabaseMajorVersion() >= 13;
      return new StartingSource(
          partitions, viaRoot ? Map.of(PUBLISH_VIA_PARTITION_ROOT, "true") : Map.of());
    }
  }

  @Override
  public boolean keepsSchemaHistory() {
    return false;
  }

  @Override
  public RecordConverter recordConverter() {
    return new PostgresRecordConverter();
  }

  /** The record's LSN. */
  @Override
  public long logPosition(Map<String, ?> sourceOffset) {
    return sourceOffset.get("lsn") instanceof Number lsn ? lsn.longValue() : 0;
  }

  @Override
  public LogProbe logProbe(
      PipelineConfig config, MetricGroup group, Supplier<Map<String, ?>> lastOffset) {
    LogProbe slot = new PostgresLogProbe(config.slotName(), group);
    if (config.get(PipelineOptions.SOURCE_PUBLICATION_MODE) != PublicationMode.FILTERED) {
      return slot;
    }
    // On the probe's schedule and connection: a table created while running joins the publication.
    LogProbe newTables = new NewTableWatcher(config, group);
    return connection -> {
      newTables.probe(connection);
      slot.probe(connection);
    };
  }
}
