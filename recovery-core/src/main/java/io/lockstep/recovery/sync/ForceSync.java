package io.lockstep.recovery.sync;

import com.zaxxer.hikari.HikariDataSource;
import io.lockstep.catalog.RowImage;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetColumn;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import io.lockstep.engines.Engines;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.RecordKeys;
import io.lockstep.event.TableId;
import io.lockstep.recovery.sync.SyncResult.Action;
import io.lockstep.recovery.sync.TargetRows.Write;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Force-sync (recovery tier 1 and the admin API): makes target rows equal to their source rows now,
 * by key, without waiting for the change stream. Each row is re-read from the source; a row the
 * source has is upserted into the mapped target table with origin {@code F} ({@link
 * MetadataColumns#ORIGIN_FORCE_SYNC}), a row it lacks is deleted on the target; then the target row
 * is read back and compared with the source image through the shared normaliser.
 *
 * <p><b>The position written.</b> Writes go through the dialect's position guard like replication's
 * (a row is replaced or deleted only where its stored position is NULL or not newer), so they must
 * carry a position. Force-sync writes M, the greatest of:
 *
 * <ul>
 *   <li>the position stored in the target row, read and locked in the write's transaction
 *       <em>before</em> the source row is read (see below),
 *   <li>{@code knownPosition}, the newest position the caller knows for the row (a dead-lettered
 *       change's, a discrepancy's), when given,
 *   <li>the lowest position of the pipeline's current capture epoch (from the apply job's {@code
 *       lockstep_epoch}), so that a row force-sync creates is not taken for a leftover of an
 *       earlier epoch and swept; it sorts below every change of the epoch, so it holds none back.
 * </ul>
 *
 * <p>M passes the guard ({@code <=}) and never lowers a stored position. It is correct because
 * every change at or below M was committed before the source row was read (the stored and known
 * positions are of changes already applied or captured, and positions follow commit order), so the
 * row just read already contains them: stamping it M claims nothing it does not hold. That needs
 * the target row locked before the source is read: read first, replication could store a change
 * newer than the read in between, and force-sync would then write the older row at that change's
 * position, where nothing would ever correct it. A row absent from the target cannot be locked; if
 * replication inserts it meanwhile, the guard decides between the two writes. Every change above M
 * is replayed or still on its way through Kafka and overwrites the row later, so a change newer
 * than the read is never lost; one older than the read but above M rewrites an older version for a
 * moment, until the changes after it arrive, as replication always converges. The commit time
 * written is now.
 *
 * <p>One source query, one locking target query and at most one upsert and one delete statement per
 * batch of keys; a batch the target refuses for its content is written again row by row, each in
 * its own transaction, so that only the refused rows fail ({@link Action#FAILED}). Transient errors
 * ({@link TargetDialect#isTransient}, a deadlock with the apply job's writes among them) and every
 * source error are thrown for the caller to retry. Thread-safe.
 */
public final class ForceSync implements AutoCloseable {

  private static final int BATCH_SIZE = 500;

  private final PipelineConfig config;
  private final HikariDataSource source;
  private final HikariDataSource target;
  private final TargetDialect dialect;
  private final MetadataColumns metadata;
  private final SyncTables tables;

  private ForceSync(PipelineConfig config, HikariDataSource source, HikariDataSource target) {
    this.config = config;
    this.source = source;
    this.target = target;
    this.dialect = Engines.dialect(config.targetEngine());
    this.metadata = MetadataColumns.from(config);
    this.tables = new SyncTables(config, dialect, metadata);
  }

  /** Small Hikari pools on the pipeline's source and target, from the config. */
  public static ForceSync open(PipelineConfig config) {
    HikariDataSource source =
        pool("lockstep-force-sync-source-" + config.name(), Endpoint.source(config), true, false);
    try {
      HikariDataSource target =
          pool(
              "lockstep-force-sync-target-" + config.name(),
              Endpoint.target(config),
              false,
              config.get(PipelineOptions.APPLY_REPLICA_SESSION));
      return new ForceSync(config, source, target);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  private static HikariDataSource pool(
      String name, Endpoint endpoint, boolean isSource, boolean replica) {
    return DataSources.pool(endpoint, name)
        // Source sessions only read; target sessions write in transactions of their own.
        .readOnly(isSource)
        .autoCommit(isSource)
        .size(2)
        .connectionTimeout(Duration.ofSeconds(5))
        // Open even when a database is down; each sync then fails with the connection error.
        .openWhenDown()
        .applicationName(name)
        // As the apply job's sessions (TargetWriter): refuse values instead of cutting them, keep
        // a key 0 in an AUTO_INCREMENT column, and (target) rows of a child table synced before
        // their parent's.
        .sessionSetup(replica)
        .open();
  }

  /**
   * Force-syncs the rows with {@code keys} (key column to event-typed value) of source table {@code
   * table} ({@link TableId#qualifiedName()}, as events and failed-rows records name it). Results
   * are in the order of {@code keys}.
   *
   * @param knownPosition the newest source position the caller knows for these rows, or null
   * @throws SQLException when a database cannot be reached or fails transiently; retry later
   * @throws IllegalArgumentException when {@code table}, a key or {@code knownPosition} is
   *     malformed
   * @throws IllegalStateException when the source or target table is missing or their keys differ
   */
  public List<SyncResult> sync(String table, List<Map<String, Object>> keys, String knownPosition)
      throws SQLException {
    SyncTables.Resolved resolved = resolve(table, knownPosition);
    return syncResolved(resolved, keys, knownPosition);
  }

  /**
   * As {@link #sync}, for keys given as record-key JSON ({@code {"id":5}}), the form in which
   * failed-rows records and discrepancies carry them; decoded with the source table's key types.
   *
   * @throws IllegalArgumentException also when a key is not a JSON object of the table's key
   *     columns
   */
  public List<SyncResult> syncRecordKeys(String table, List<String> keyJsons, String knownPosition)
      throws SQLException {
    SyncTables.Resolved resolved = resolve(table, knownPosition);
    List<Map<String, Object>> keys = new ArrayList<>(keyJsons.size());
    for (String keyJson : keyJsons) {
      keys.add(RecordKeys.decode(resolved.sourceRows().table(), keyJson));
    }
    return syncResolved(resolved, keys, knownPosition);
  }

  private SyncTables.Resolved resolve(String table, String knownPosition) throws SQLException {
    List<TableId> candidates = tables.candidates(table);
    SyncPosition.check(config.sourceEngine(), knownPosition);
    try (Connection sourceConnection = source.getConnection();
        Connection targetConnection = target.getConnection()) {
      SyncTables.Resolved resolved =
          tables.resolve(sourceConnection, targetConnection, candidates, BATCH_SIZE);
      targetConnection.commit();
      return resolved;
    }
  }

  private List<SyncResult> syncResolved(
      SyncTables.Resolved resolved, List<Map<String, Object>> keys, String knownPosition)
      throws SQLException {
    List<SyncResult> results = new ArrayList<>(keys.size());
    for (int from = 0; from < keys.size(); from += BATCH_SIZE) {
      List<Map<String, Object>> batch =
          keys.subList(from, Math.min(keys.size(), from + BATCH_SIZE));
      results.addAll(syncBatch(resolved, batch, knownPosition));
    }
    return results;
  }

  private List<SyncResult> syncBatch(
      SyncTables.Resolved tables, List<Map<String, Object>> keys, String knownPosition)
      throws SQLException {
    Instant now = Instant.now();
    TargetRows rows = tables.targetRows();
    try (Connection sourceConnection = source.getConnection();
        Connection targetConnection = target.getConnection()) {
      Batch batch = new Batch(sourceConnection, targetConnection, tables, knownPosition, now);
      List<Outcome> outcomes = write(batch, keys);
      List<Optional<Map<String, Object>>> after = rows.read(targetConnection, keys, false);
      targetConnection.commit();
      List<SyncResult> results = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        Outcome outcome = outcomes.get(i);
        Optional<Map<String, Object>> stored = after.get(i);
        boolean consistent =
            outcome.source() != null
                && (outcome.source().isPresent()
                    ? stored.isPresent() && rows.holds(stored.get(), outcome.source().get())
                    : stored.isEmpty());
        results.add(
            new SyncResult(
                keys.get(i),
                outcome.action(),
                consistent,
                outcome.position(),
                outcome.image(),
                outcome.detail()));
      }
      return results;
    }
  }

  /** What one batch works with. */
  private record Batch(
      Connection source,
      Connection target,
      SyncTables.Resolved tables,
      String knownPosition,
      Instant now) {}

  /**
   * What was done with one row, before it is read back; {@code source} is the row read from the
   * source (empty: no such row; null: not read).
   */
  private record Outcome(
      Action action,
      String position,
      ChangeEvent image,
      String detail,
      Optional<RowImage> source) {}

  /** A source error inside a target transaction: never the rows' fault, always thrown. */
  private static final class SourceReadFailure extends SQLException {
    private static final long serialVersionUID = 1L;

    SourceReadFailure(SQLException cause) {
      super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
    }
  }

  /**
   * Writes a batch in one transaction; when the target refuses it for its content, each row again
   * in its own transaction, so only the refused rows fail.
   */
  private List<Outcome> write(Batch batch, List<Map<String, Object>> keys) throws SQLException {
    List<Optional<RowImage>> read = new ArrayList<>();
    try {
      List<Outcome> outcomes = writeOnce(batch, keys, read);
      batch.target().commit();
      return outcomes;
    } catch (SQLException e) {
      rollbackQuietly(batch.target());
      if (e instanceof SourceReadFailure) {
        throw (SQLException) e.getCause();
      }
      if (dialect.isTransient(e)) {
        throw e;
      }
      if (keys.size() == 1) {
        String detail = "SQLSTATE " + e.getSQLState() + ": " + e.getMessage();
        return List.of(
            new Outcome(Action.FAILED, null, null, detail, read.isEmpty() ? null : read.get(0)));
      }
      List<Outcome> outcomes = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        outcomes.addAll(write(batch, keys.subList(i, i + 1)));
      }
      return outcomes;
    }
  }

  /**
   * One attempt, in the target transaction: lock the target rows and read their positions first,
   * then read the source rows. In that order every stored position is of a change the source read
   * already contains; read the other way round, replication could store a change newer than the
   * read before the lock, and force-sync would write the older row at its position for good.
   */
  private List<Outcome> writeOnce(
      Batch batch, List<Map<String, Object>> keys, List<Optional<RowImage>> read)
      throws SQLException {
    TargetRows rows = batch.tables().targetRows();
    String epochFloor = epochFloor(batch.target());
    List<Optional<Map<String, Object>>> stored = rows.read(batch.target(), keys, true);
    try {
      read.addAll(batch.tables().sourceRows().read(batch.source(), keys));
    } catch (SQLException e) {
      throw new SourceReadFailure(e);
    }
    List<Outcome> outcomes = new ArrayList<>(keys.size());
    Map<List<TargetColumn>, List<Write>> upserts = new LinkedHashMap<>();
    List<Write> deletes = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Optional<RowImage> image = read.get(i);
      Optional<Map<String, Object>> row = stored.get(i);
      String position =
          SyncPosition.choose(
              config.sourceEngine(), rows.storedPosition(row), batch.knownPosition(), epochFloor);
      ChangeEvent event = image.map(im -> im.toSnapshotRead(batch.now(), position)).orElse(null);
      if (image.isPresent()
          ? row.isPresent() && rows.holds(row.get(), image.get())
          : row.isEmpty()) {
        outcomes.add(new Outcome(Action.ALREADY_CONSISTENT, null, event, null, image));
      } else if (image.isPresent()) {
        upserts
            .computeIfAbsent(rows.columnsOf(image.get()), c -> new ArrayList<>())
            .add(new Write(keys.get(i), image.get(), position));
        List<String> missing = rows.missingColumns(image.get());
        String detail =
            missing.isEmpty()
                ? null
                : "source columns " + missing + " have no counterpart on the target; not written";
        outcomes.add(new Outcome(Action.UPSERTED, position, event, detail, image));
      } else {
        deletes.add(new Write(keys.get(i), null, position));
        outcomes.add(new Outcome(Action.DELETED, position, null, null, image));
      }
    }
    if (!deletes.isEmpty()) {
      rows.delete(batch.target(), deletes);
    }
    for (Map.Entry<List<TargetColumn>, List<Write>> group : upserts.entrySet()) {
      rows.upsert(
          batch.target(),
          group.getKey(),
          group.getValue(),
          MetadataColumns.ORIGIN_FORCE_SYNC,
          batch.now());
    }
    return outcomes;
  }

  /**
   * The lowest position of the pipeline's current capture epoch, read under the shared lock the
   * apply job's writes take (so no epoch change runs between it and the write); null without
   * metadata columns or before the apply job created its bookkeeping tables.
   */
  private String epochFloor(Connection connection) throws SQLException {
    if (!metadata.enabled()) {
      return null;
    }
    String schema = config.get(PipelineOptions.APPLY_STATE_SCHEMA);
    if (dialect.describeTable(connection, schema, "lockstep_epoch").isEmpty()) {
      return null;
    }
    long epoch = 0;
    try (PreparedStatement ps = connection.prepareStatement(dialect.lockEpochSql(schema, false))) {
      ps.setString(1, config.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          epoch = rs.getLong(1);
        }
      }
    }
    return SyncPosition.epochFloor(config.sourceEngine(), epoch);
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; the pool discards it.
    }
  }

  @Override
  public void close() {
    try {
      source.close();
    } finally {
      target.close();
    }
  }
}
