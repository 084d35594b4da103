package io.lockstep.engine.postgres;

import static io.lockstep.engine.SourceCheckSql.cannotRead;
import static io.lockstep.engine.SourceCheckSql.single;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.PublicationMode;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.CapturedTable;
import io.lockstep.engine.SourceCheckSql;
import io.lockstep.engine.SourceChecks;
import io.lockstep.signal.SignalTable;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What logical decoding needs of a PostgreSQL source: {@code wal_level}, the REPLICATION attribute,
 * a replica identity and SELECT on every captured table, and a publication the user may create.
 */
final class PostgresSourceChecks implements SourceChecks {

  /** A captured table with what PostgreSQL's checks need to know of it. */
  private record PostgresTable(
      CapturedTable table, char replicaIdentity, boolean readable, boolean owned) {}

  private static final String TABLES =
      """
      SELECT n.nspname, c.relname,
             EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary),
             c.relreplident,
             has_table_privilege(c.oid, 'SELECT'),
             pg_has_role(c.relowner, 'USAGE')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p')
         AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND n.nspname NOT LIKE 'pg_toast%'
       ORDER BY 1, 2\
      """;

  @Override
  public List<CapturedTable> check(
      PipelineConfig config, Connection source, String where, List<String> problems)
      throws SQLException {
    String walLevel = single(source, "SHOW wal_level");
    if (!walLevel.equals("logical")) {
      problems.add(
          where
              + ": wal_level is '"
              + walLevel
              + "', logical decoding needs 'logical'. Set"
              + " wal_level = logical in postgresql.conf and restart PostgreSQL.");
    }
    String user = config.get(PipelineOptions.SOURCE_USER);
    if (!single(
            source,
            "SELECT (rolreplication OR rolsuper)::text FROM pg_roles WHERE rolname = current_user")
        .equals("true")) {
      problems.add(
          where
              + ": user '"
              + user
              + "' lacks the REPLICATION attribute. Run: ALTER ROLE "
              + user
              + " REPLICATION;");
    }
    // A partition is captured as its root, never as a table of its own (PostgresPartitions).
    PostgresPartitions partitions = PostgresPartitions.read(source);
    List<PostgresTable> found =
        SourceCheckSql.capturedTables(
                source,
                TABLES,
                PostgresSourceChecks::table,
                PostgresTable::table,
                TableSelection.of(config))
            .stream()
            .filter(t -> !partitions.isPartition(t.table().schema(), t.table().name()))
            .toList();
    List<CapturedTable> tables = found.stream().map(PostgresTable::table).toList();
    partitions.check(config, source, tables, where, problems);
    boolean superuser =
        single(source, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")
            .equals("true");
    boolean publicationExists =
        !single(
                source,
                "SELECT count(*)::text FROM pg_publication WHERE pubname = '"
                    + config.publicationName().replace("'", "''")
                    + "'")
            .equals("0");
    List<String> notOwned = new ArrayList<>();
    for (PostgresTable table : found) {
      if (table.replicaIdentity() == 'n') {
        problems.add(
            where
                + ": table "
                + table.table().qualified()
                + " has REPLICA IDENTITY NOTHING, so its"
                + " updates and deletes carry no key. Run: ALTER TABLE "
                + table.table().sqlName(Engine.POSTGRES)
                + " REPLICA IDENTITY DEFAULT;");
      }
      if (!table.readable()) {
        problems.add(cannotRead(where, "'" + user + "'", table.table(), Engine.POSTGRES, user));
      }
      if (!table.owned()) {
        notOwned.add(table.table().qualified());
      }
    }
    boolean allTables =
        config.get(PipelineOptions.SOURCE_PUBLICATION_MODE) == PublicationMode.ALL_TABLES;
    if (!publicationExists && !superuser && allTables) {
      problems.add(
          where
              + ": publication '"
              + config.publicationName()
              + "' does not exist and only a"
              + " superuser may create it FOR ALL TABLES (source.publication-mode: all_tables)."
              + " Have a superuser run: CREATE PUBLICATION "
              + config.publicationName()
              + " FOR ALL TABLES;");
    } else if (!publicationExists && !superuser && !notOwned.isEmpty()) {
      problems.add(
          where
              + ": publication '"
              + config.publicationName()
              + "' does not exist and user '"
              + user
              + "' may not create it (it does not own "
              + String.join(", ", notOwned)
              + "). Have the owner run: CREATE PUBLICATION "
              + config.publicationName()
              + " FOR TABLE "
              + String.join(", ", tables.stream().map(t -> t.sqlName(Engine.POSTGRES)).toList())
              + ";");
    }
    return tables;
  }

  @Override
  public List<String> notes(
      PipelineConfig config, Connection source, String where, List<CapturedTable> tables)
      throws SQLException {
    return PostgresPartitions.read(source).notes(where, tables);
  }

  private static PostgresTable table(ResultSet rs) throws SQLException {
    return new PostgresTable(
        new CapturedTable(rs.getString(1), rs.getString(2), rs.getBoolean(3)),
        rs.getString(4).charAt(0),
        rs.getBoolean(5),
        rs.getBoolean(6));
  }

  /** PostgreSQL answers from the catalog. */
  @Override
  public boolean maySignal(Connection source, SignalTable signalTable) throws SQLException {
    try (PreparedStatement ps =
        source.prepareStatement("SELECT has_table_privilege(?::regclass, 'INSERT')")) {
      ps.setString(1, signalTable.sqlName());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /**
   * An existing publication that lists its tables must list the signaling table, or its rows never
   * reach the slot. The capture adds it itself when its user owns every table the publication lists
   * (Debezium's filtered publication mode); otherwise the owner must.
   */
  @Override
  public void checkSignalTable(
      PipelineConfig config,
      Connection source,
      SignalTable signalTable,
      String where,
      List<String> problems)
      throws SQLException {
    try (PreparedStatement ps =
        source.prepareStatement(
            "SELECT p.puballtables,"
                + " EXISTS (SELECT 1 FROM pg_publication_tables t WHERE t.pubname = p.pubname"
                + "   AND t.schemaname = ? AND t.tablename = ?),"
                + " pg_has_role((SELECT c.relowner FROM pg_class c WHERE c.oid = ?::regclass),"
                + "   'USAGE')"
                + " FROM pg_publication p WHERE p.pubname = ?")) {
      ps.setString(1, signalTable.schema());
      ps.setString(2, signalTable.table());
      ps.setString(3, signalTable.sqlName());
      ps.setString(4, config.publicationName());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && !rs.getBoolean(1) && !rs.getBoolean(2) && !rs.getBoolean(3)) {
          problems.add(
              where
                  + ": publication '"
                  + config.publicationName()
                  + "' does not publish source.signal-table "
                  + signalTable.qualified()
                  + ", so re-snapshot signals would never reach the capture, and user '"
                  + config.get(PipelineOptions.SOURCE_USER)
                  + "' may not add it. Have the owner run: ALTER PUBLICATION "
                  + config.publicationName()
                  + " ADD TABLE "
                  + signalTable.sqlName()
                  + ";");
        }
      }
    }
  }
}
