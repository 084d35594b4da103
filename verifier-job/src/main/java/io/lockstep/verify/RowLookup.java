package io.lockstep.verify;

import com.zaxxer.hikari.HikariDataSource;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableSchema;
import io.lockstep.retry.Backoff;
import io.lockstep.retry.Retrier;
import io.lockstep.types.Engine;
import io.lockstep.types.ValueNormaliser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched reads of rows by key on one database: callers ask for one row each, a background thread
 * gathers the requests and reads each table's rows with one query per batch of keys, never one
 * round trip per row. A database that is down or refuses a query makes the requests wait and retry
 * with backoff; they are never answered with a guess.
 */
final class RowLookup implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RowLookup.class);

  /** How long the first request of a batch waits for others to join it, unless a batch is full. */
  private static final long LINGER_MILLIS = 20;

  private static final long MAX_BACKOFF_MILLIS = 10_000;

  /** A row wanted: the table on this database, its source schema (for types), its key values. */
  private record Request(
      String schema,
      String table,
      TableSchema source,
      Map<String, Object> key,
      CompletableFuture<Optional<Map<String, Object>>> result) {

    String tableName() {
      return schema + "." + table;
    }

    /** The table as a map key: schema and name kept apart, since either may hold a dot. */
    List<String> tableKey() {
      return List.of(schema, table);
    }
  }

  private final String name;
  private final Engine engine;
  private final TargetDialect dialect;
  private final HikariDataSource pool;
  private final int batchSize;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Map<List<String>, Optional<TargetTable>> tables = new HashMap<>();
  private final java.util.Set<String> failedTables = new java.util.HashSet<>();
  private final Thread worker;
  private volatile boolean closed;

  RowLookup(String name, Endpoint endpoint, int batch) {
    this.name = name;
    this.engine = endpoint.engine();
    this.dialect = Engines.dialect(engine);
    this.batchSize = batch;
    // The drivers are in the job jar on a session cluster: see JobEnvironment.registerJdbcDrivers.
    io.lockstep.runtime.JobEnvironment.registerJdbcDrivers();
    this.pool =
        DataSources.pool(endpoint, name)
            .size(1)
            .readOnly(true)
            .connectionTimeout(Duration.ofSeconds(3))
            .openWhenDown()
            .open();
    this.worker = new Thread(this::run, name);
    worker.setDaemon(true);
    worker.start();
  }

  /** Lookups on the pipeline's target for verifier task {@code subtask}. */
  static RowLookup onTarget(PipelineConfig config, int subtask) {
    return new RowLookup(
        "lockstep-verify-target-" + config.name() + "-" + subtask,
        Endpoint.target(config),
        config.get(PipelineOptions.VERIFY_BATCH_SIZE));
  }

  /** Lookups on the pipeline's source for verifier task {@code subtask}. */
  static RowLookup onSource(PipelineConfig config, int subtask) {
    return new RowLookup(
        "lockstep-verify-source-" + config.name() + "-" + subtask,
        Endpoint.source(config),
        config.get(PipelineOptions.VERIFY_BATCH_SIZE));
  }

  /** The row of {@code source}'s table stored as {@code schema.table} here with {@code key}. */
  CompletableFuture<Optional<Map<String, Object>>> find(
      String schema, String table, TableSchema source, Map<String, Object> key) {
    CompletableFuture<Optional<Map<String, Object>>> result = new CompletableFuture<>();
    queue.add(new Request(schema, table, source, key, result));
    return result;
  }

  private void run() {
    while (!closed) {
      try {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        if (queue.size() + 1 < batchSize) {
          // Lets a batch gather (this is the reader's own thread). Not when a full batch is
          // already waiting: under load the linger was dead time in every cycle of queries.
          Thread.sleep(LINGER_MILLIS);
        }
        List<Request> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch);
        Map<List<String>, List<Request>> byTable = new LinkedHashMap<>();
        batch.forEach(r -> byTable.computeIfAbsent(r.tableKey(), t -> new ArrayList<>()).add(r));
        for (List<Request> requests : byTable.values()) {
          for (int from = 0; from < requests.size(); from += batchSize) {
            readUntilAnswered(requests.subList(from, Math.min(requests.size(), from + batchSize)));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void readUntilAnswered(List<Request> requests) throws InterruptedException {
    Retrier retries =
        Retrier.unlimited(
            LOG,
            name + ": reading " + requests.size() + " rows of " + requests.get(0).tableName(),
            Backoff.doubling(Duration.ofMillis(100), Duration.ofMillis(MAX_BACKOFF_MILLIS)));
    boolean refreshed = false;
    while (!closed) {
      try {
        read(requests);
        retries.succeeded();
        return;
      } catch (SQLException | RuntimeException e) {
        tables.remove(requests.get(0).tableKey());
        if (isDeterministic(e)) {
          if (!refreshed) {
            // The table may have changed under us: read its description again, once.
            refreshed = true;
            continue;
          }
          failEach(requests, e);
          return;
        }
        retries.failed(e);
      }
    }
  }

  /**
   * An error the same query would meet again: a refusal with an SQLSTATE that is not a connection,
   * resource or concurrency problem, or a key value that cannot be bound.
   */
  private boolean isDeterministic(Exception e) {
    if (e instanceof SQLException sql) {
      String state = sql.getSQLState();
      return state != null && !state.startsWith("08") && !dialect.isTransient(sql);
    }
    return e instanceof ClassCastException
        || e instanceof IllegalArgumentException
        || e instanceof java.time.DateTimeException;
  }

  /** One key of a batch can fail the batch: each request is read alone, and only those fail. */
  private void failEach(List<Request> requests, Exception error) throws InterruptedException {
    if (requests.size() > 1) {
      for (Request request : requests) {
        readUntilAnswered(List.of(request));
      }
      return;
    }
    Request request = requests.get(0);
    String message =
        name
            + ": reading the row of "
            + request.tableName()
            + " with key "
            + request.key()
            + " fails whenever it is tried ("
            + error.getMessage()
            + "); the row is left unverified";
    if (failedTables.add(request.tableName())) {
      LOG.warn("{} (logged once per table; counted in lockstepVerifyLookupsFailed)", message);
    }
    request.result().completeExceptionally(new LookupFailedException(message, error));
  }

  private void read(List<Request> requests) throws SQLException {
    Request first = requests.get(0);
    TableSchema source = first.source();
    try (Connection connection = pool.getConnection()) {
      Optional<TargetTable> described =
          tables.computeIfAbsent(first.tableKey(), t -> describe(connection, first));
      if (described.isEmpty()) {
        // No table, no row: what the comparison makes of that is its business.
        requests.forEach(r -> r.result().complete(Optional.empty()));
        return;
      }
      // The key is the source's (or its configured key columns), whatever the table declares.
      TargetTable table =
          new TargetTable(
              described.get().schema(),
              described.get().name(),
              described.get().columns(),
              source.keyColumns());
      List<String> columns = table.columns().stream().map(c -> c.name()).toList();
      Map<List<Object>, Map<String, Object>> rows = new HashMap<>();
      try (PreparedStatement statement =
          connection.prepareStatement(dialect.selectByKeysSql(table, columns, requests.size()))) {
        int index = 1;
        for (Request request : requests) {
          for (String key : source.keyColumns()) {
            ColumnSchema column = source.column(key).orElseThrow();
            dialect.bindValue(
                statement,
                index++,
                table.column(key).orElseThrow(),
                column,
                request.key().get(key));
          }
        }
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
              row.put(columns.get(i), Engines.of(engine).readComparable(rs, i + 1));
            }
            rows.put(keyOf(source, row), row);
          }
        }
      }
      for (Request request : requests) {
        request.result().complete(Optional.ofNullable(rows.get(keyOf(source, request.key()))));
      }
    }
  }

  private Optional<TargetTable> describe(Connection connection, Request request) {
    try {
      return dialect.describeTable(connection, request.schema(), request.table());
    } catch (SQLException e) {
      throw new IllegalStateException("describing " + request.tableName() + ": " + e, e);
    }
  }

  /** The key values in canonical form, so that a row read back matches the key asked for. */
  private static List<Object> keyOf(TableSchema source, Map<String, Object> row) {
    List<Object> key = new ArrayList<>();
    for (String column : source.keyColumns()) {
      key.add(ValueNormaliser.normalise(source.column(column).orElseThrow(), row.get(column)));
    }
    return key;
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    pool.close();
    queue.forEach(r -> r.result().cancel(false));
  }
}
