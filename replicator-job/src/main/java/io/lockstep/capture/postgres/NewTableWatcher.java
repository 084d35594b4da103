package io.lockstep.capture.postgres;

import io.lockstep.capture.spi.LogProbe;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engines.Engines;
import io.lockstep.signal.SignalTable;
import io.lockstep.signal.SnapshotSignalSender;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a table created while the pipeline runs into a {@code filtered} publication: a publication
 * FOR TABLE names the tables that existed when it was made, so pgoutput never sends the changes of
 * a later one, however well it matches {@code source.tables}. On each probe, every table that
 * matches the pipeline's selection and is not in the publication is added to it ({@code ALTER
 * PUBLICATION ... ADD TABLE}, which needs what creating the publication needed: ownership of the
 * table), and then snapshotted through the signal table (an incremental snapshot, whose watermarks
 * order its reads with the changes streamed from the moment of the add). Rows written between the
 * table's creation and the add reach the target only through that snapshot: without {@code
 * source.signal-table} the watcher says so, once per table, with the repair, and counts it.
 */
final class NewTableWatcher implements LogProbe {

  private static final Logger LOG = LoggerFactory.getLogger(NewTableWatcher.class);

  // Ordinary and partitioned tables, not partitions (their changes come through their root), in
  // user schemas, that the publication does not name (pg_publication_rel: its own members).
  private static final String UNPUBLISHED_TABLES =
      "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
          + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " AND n.nspname NOT LIKE 'pg\\_%'"
          + " AND EXISTS (SELECT 1 FROM pg_publication WHERE pubname = ? AND NOT puballtables)"
          + " AND NOT EXISTS (SELECT 1 FROM pg_publication_rel r"
          + " JOIN pg_publication p ON p.oid = r.prpubid WHERE p.pubname = ? AND r.prrelid = c.oid)";

  private final String publication;
  private final TableSelection selection;
  private final Optional<SignalTable> signalTable;
  private final TargetDialect sql = Engines.dialect(Engine.POSTGRES);
  private final Counter added;
  private final Counter addedWithoutSnapshot;
  private final List<String> refused = new ArrayList<>();

  NewTableWatcher(PipelineConfig config, MetricGroup group) {
    this.publication = config.publicationName();
    this.selection = TableSelection.of(config);
    this.signalTable = SignalTable.of(config);
    this.added = group.counter("lockstepTablesAddedToPublication");
    this.addedWithoutSnapshot = group.counter("lockstepTablesAddedWithoutSnapshot");
  }

  @Override
  public void probe(Connection connection) throws SQLException {
    for (String[] table : unpublished(connection)) {
      add(connection, table[0], table[1]);
    }
  }

  private List<String[]> unpublished(Connection connection) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(UNPUBLISHED_TABLES)) {
      query.setString(1, publication);
      query.setString(2, publication);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          String schema = rs.getString(1);
          String table = rs.getString(2);
          boolean signals = signalTable.map(s -> isSignalTable(s, schema, table)).orElse(false);
          if (signals || selection.includes(schema, table)) {
            tables.add(new String[] {schema, table});
          }
        }
      }
    }
    return tables;
  }

  private static boolean isSignalTable(SignalTable signals, String schema, String table) {
    return signals.schema().equals(schema) && signals.table().equals(table);
  }

  private void add(Connection connection, String schema, String table) throws SQLException {
    String name = schema + "." + table;
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER PUBLICATION "
              + sql.quoteIdentifier(publication)
              + " ADD TABLE "
              + sql.quoteIdentifier(schema)
              + "."
              + sql.quoteIdentifier(table));
    } catch (SQLException e) {
      if (!refused.contains(name)) {
        refused.add(name);
        LOG.error(
            "Table {} matches source.tables but cannot be added to publication {}: {}. Its"
                + " changes are not captured until it is: run ALTER PUBLICATION {} ADD TABLE {} as"
                + " the table's owner (retried every probe).",
            name,
            publication,
            e.getMessage(),
            publication,
            name);
      }
      return;
    }
    refused.remove(name);
    added.inc();
    if (signalTable.isEmpty()) {
      addedWithoutSnapshot.inc();
      LOG.warn(
          "Table {} was created while the pipeline runs and is now in publication {}: its changes"
              + " are captured from now on, but rows written before this moment are not (no"
              + " source.signal-table to snapshot it). Copy them with: bin/lockstep reconcile"
              + " --table {} --repair",
          name,
          publication,
          name);
      return;
    }
    if (isSignalTable(signalTable.get(), schema, table)) {
      return;
    }
    new SnapshotSignalSender(signalTable.get()).resnapshot(connection, name);
    LOG.info(
        "Table {} was created while the pipeline runs: added to publication {} and snapshotted"
            + " (incremental snapshot through {})",
        name,
        publication,
        signalTable.get().qualified());
  }
}
