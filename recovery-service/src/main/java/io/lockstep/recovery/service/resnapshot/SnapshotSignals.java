package io.lockstep.recovery.service.resnapshot;

import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.service.pipeline.KnownTable;
import io.lockstep.recovery.service.pipeline.PipelineConnections;
import io.lockstep.recovery.service.pipeline.SourceUnavailableException;
import io.lockstep.signal.SignalTable;
import io.lockstep.signal.SnapshotSignalSender;
import java.sql.Connection;
import java.sql.SQLException;
import org.springframework.stereotype.Component;

/**
 * Sends the capture the signal to re-snapshot a table while it streams (a Debezium incremental
 * snapshot), through the pipeline's signaling table ({@code source.signal-table}).
 */
@Component
public class SnapshotSignals {

  /**
   * What was sent.
   *
   * @param channel Debezium's name of the signal channel: {@code source}, the signaling table
   * @param data the signal's JSON data, as the capture reads it
   */
  public record Sent(
      String table, String channel, String signalTable, String id, String type, String data) {}

  private final PipelineConfig config;
  private final PipelineConnections connections;

  public SnapshotSignals(PipelineConfig config, PipelineConnections connections) {
    this.config = config;
    this.connections = connections;
  }

  /**
   * Signals an incremental snapshot of {@code table}.
   *
   * @throws NoSignalChannelException when the pipeline has no signaling table, or it cannot be
   *     written
   * @throws SourceUnavailableException when the source does not answer
   */
  public Sent resnapshot(KnownTable table) {
    SignalTable signalTable =
        SignalTable.of(config)
            .orElseThrow(
                () ->
                    new NoSignalChannelException(
                        "Pipeline '"
                            + config.name()
                            + "' has no signal channel, so a table cannot be re-snapshotted"
                            + " while it streams. Create a signaling table on the source, name"
                            + " it in source.signal-table (docs/configuration.md) and restart"
                            + " the capture; or reconcile the table instead"
                            + " (POST /api/v1/reconciliations)."));
    Connection source;
    try {
      source = connections.source();
    } catch (SQLException e) {
      throw SourceUnavailableException.of(config, "connecting to send a snapshot signal", e);
    }
    try (source) {
      SnapshotSignalSender.Signal signal =
          new SnapshotSignalSender(signalTable).resnapshot(source, table.name());
      return new Sent(
          table.name(),
          "source",
          signalTable.qualified(),
          signal.id(),
          signal.type(),
          signal.data());
    } catch (SQLException e) {
      // The sender's message names the table, the DDL and the grant; nothing secret is in it.
      throw new NoSignalChannelException(e.getMessage());
    }
  }
}
