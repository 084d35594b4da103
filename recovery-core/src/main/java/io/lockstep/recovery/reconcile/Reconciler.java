package io.lockstep.recovery.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableNaming;
import io.lockstep.engine.MetadataColumns;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * Reconciles tables of one pipeline by checksum bisection (issue 7, tier 2;
 * docs/reconciliation.md): whole tables, key ranges or lists of keys, as a dry run or repairing
 * what differs, paced, with progress, and resumable from a checkpoint.
 *
 * <pre>{@code
 * try (Reconciler reconciler = Reconciler.open(config)) {
 *   ReconcileResult result = reconciler.run(
 *       ReconcileRequest.builder("public.orders").repair(true).rowsPerSecond(50_000).build(),
 *       repair, listener, checkpoint);
 * }
 * }</pre>
 *
 * One run at a time per instance is the intended use; runs share the connection pools.
 */
public final class Reconciler implements AutoCloseable {

  private final PipelineConfig config;
  private final DataSource source;
  private final DataSource target;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final ExecutorService executor;

  /** With connection pools the caller owns (the recovery service's). */
  public Reconciler(PipelineConfig config, DataSource source, DataSource target) {
    this.config = config;
    this.source = source;
    this.target = target;
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "lockstep-reconcile-target");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** With small connection pools of its own to the pipeline's source and target. */
  public static Reconciler open(PipelineConfig config) {
    HikariDataSource source = pool(config, true);
    HikariDataSource target;
    try {
      target = pool(config, false);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
    Reconciler reconciler = new Reconciler(config, source, target);
    reconciler.owned.add(source);
    reconciler.owned.add(target);
    return reconciler;
  }

  private static HikariDataSource pool(PipelineConfig config, boolean isSource) {
    return DataSources.pool(
            Endpoint.of(config, isSource), "lockstep-reconcile-" + (isSource ? "source" : "target"))
        .size(3)
        .minimumIdle(0)
        // Fail with the driver's own message when the database cannot be reached.
        .openWhenDown()
        .open();
  }

  /** {@code schema.table} of every source table the pipeline replicates. */
  public List<String> tables() throws SQLException {
    try (Connection connection = source.getConnection()) {
      return PipelineTables.names(connection, config);
    }
  }

  /**
   * The state a new run of {@code request} starts from: checks the table and its target, and turns
   * the request's keys into canonical texts.
   *
   * @throws IllegalArgumentException when the table is unknown (the message names the pipeline's
   *     tables), its target table or key is missing, or the keys do not fit the table's key
   */
  public ReconcileState plan(ReconcileRequest request) throws SQLException {
    TablePair pair = describe(request.table(), request.columns());
    List<List<String>> keys = new ArrayList<>();
    for (Map<String, Object> key : request.keys()) {
      keys.add(EventKeys.canonical(pair.keys, key));
    }
    List<KeyRange> pending = new ArrayList<>();
    if (keys.isEmpty()) {
      pending.add(
          KeyRange.between(
              request.lower() == null ? null : EventKeys.canonical(pair.keys, request.lower()),
              request.upper() == null ? null : EventKeys.canonical(pair.keys, request.upper())));
    }
    return new ReconcileState(
        pair.name(),
        keys.isEmpty() && request.lower() == null && request.upper() == null,
        request.repair(),
        request.rowsPerSecond(),
        request.columns(),
        request.leafRows(),
        request.bucketsPerQuery(),
        request.repairBatch(),
        keys,
        pending,
        List.of(),
        List.of(),
        0,
        0,
        false);
  }

  /**
   * Runs a request to the end.
   *
   * @param repair where differing rows go in repair mode (for instance {@link ForceSyncRepair});
   *     may be null for a dry run
   * @param listener progress, differences and repairs as they happen
   * @param checkpoint where the run's state goes after each unit of work and at the end
   */
  public ReconcileResult run(
      ReconcileRequest request,
      RowRepair repair,
      ReconcileListener listener,
      ReconcileCheckpoint checkpoint)
      throws SQLException, InterruptedException {
    return resume(plan(request), repair, listener, checkpoint);
  }

  /** Carries on a run from a saved state (a finished one just reports again). */
  public ReconcileResult resume(
      ReconcileState state,
      RowRepair repair,
      ReconcileListener listener,
      ReconcileCheckpoint checkpoint)
      throws SQLException, InterruptedException {
    if (state.repair() && repair == null) {
      throw new IllegalArgumentException(
          "a repair run of " + state.table() + " needs a RowRepair (ForceSyncRepair)");
    }
    long started = System.nanoTime();
    TablePair pair = describe(state.table(), state.columns());
    ReconcileState typed = retype(state, pair.keys);
    ChecksumBisector bisector =
        new ChecksumBisector(
            pair,
            new SideQueries(source, pair.sourceSql, pair.compared),
            new SideQueries(target, pair.targetSql, pair.compared),
            executor,
            repair,
            listener == null ? ReconcileListener.NONE : listener,
            checkpoint == null ? ReconcileCheckpoint.NONE : checkpoint,
            typed);
    ReconcileState done = bisector.run();
    List<Difference> unresolved = bisector.unresolved();
    List<String> backfilled = List.of();
    if (done.repair() && done.wholeTable() && unresolved.isEmpty()) {
      backfilled = clearPendingBackfill(pair);
    }
    return new ReconcileResult(
        pair.name(),
        done.repair(),
        done.differences(),
        done.repairs(),
        unresolved,
        done.rowsCompared(),
        done.rangesDone(),
        Duration.ofNanos(System.nanoTime() - started),
        pair.comparedInJava(),
        pair.notOnTarget,
        backfilled,
        done);
  }

  private TablePair describe(String table, List<String> columns) throws SQLException {
    TableSchema replicated;
    int sourceVersion;
    try (Connection connection = source.getConnection()) {
      replicated = PipelineTables.resolve(connection, config, table);
      sourceVersion = connection.getMetaData().getDatabaseMajorVersion();
    }
    try (Connection connection = target.getConnection()) {
      // PostgreSQL's hash functions are the same within a major version, and exist from 14 on
      int targetVersion = connection.getMetaData().getDatabaseMajorVersion();
      return TablePair.describe(
          replicated,
          config.sourceEngine(),
          connection,
          config.targetEngine(),
          TableNaming.of(config).target(replicated.id()),
          MetadataColumns.from(config),
          columns,
          sourceVersion == targetVersion && sourceVersion >= 14);
    }
  }

  /** Differences read back from JSON carry their keys as text; the run types them again. */
  private static ReconcileState retype(ReconcileState state, List<ColumnSchema> keyColumns) {
    List<Difference> differences =
        state.differences().stream()
            .map(
                d ->
                    new Difference(
                        d.table(),
                        EventKeys.typed(keyColumns, d.keyText()),
                        d.keyText(),
                        d.kind(),
                        d.columns()))
            .toList();
    return new ReconcileState(
        state.table(),
        state.wholeTable(),
        state.repair(),
        state.rowsPerSecond(),
        state.columns(),
        state.leafRows(),
        state.bucketsPerQuery(),
        state.repairBatch(),
        state.keys(),
        state.pending(),
        differences,
        state.repairs(),
        state.rangesDone(),
        state.rowsCompared(),
        state.complete());
  }

  /**
   * After a whole-table repair run that left nothing to repair, the pending-backfill entries of
   * columns the comparison covered are done: every row whose value was missing has been found and
   * force-synced.
   */
  private List<String> clearPendingBackfill(TablePair pair) throws SQLException {
    PendingBackfillList list =
        new PendingBackfillList(
            Engines.dialect(config.targetEngine()), config.get(PipelineOptions.APPLY_STATE_SCHEMA));
    String schema = pair.target.id().schema();
    String name = pair.target.id().table();
    try (Connection connection = target.getConnection()) {
      List<String> covered =
          list.columns(connection, config.name(), schema, name).stream()
              .filter(c -> pair.compared.stream().anyMatch(col -> col.name().equals(c)))
              .toList();
      if (!covered.isEmpty()) {
        list.clear(connection, config.name(), schema, name, covered);
      }
      return covered;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    for (AutoCloseable resource : owned) {
      try {
        resource.close();
      } catch (Exception e) {
        // closing a pool does not fail in a way worth reporting over the run's own outcome
      }
    }
  }
}
