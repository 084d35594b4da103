package io.lockstep.recovery.service.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.event.ExactJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reconciliation runs and their differences in {@code lockstep_recovery}. */
@Repository
public class RunRepository {

  /** Key values keep every digit of a decimal. */
  private static final ObjectMapper JSON = ExactJson.mapper();

  private static final String COLUMNS =
      "id, table_name, scope, scope_json, mode, state, requested_by, reason, rows_compared,"
          + " differences, rows_repaired, checkpoint_json, error, created_at, started_at,"
          + " finished_at, heartbeat_at";

  private final JdbcClient jdbc;

  public RunRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public long insert(ReconcileRunRequest request, String requestedBy, String reason, Instant now) {
    return jdbc.sql(
            """
            INSERT INTO lockstep_recovery.reconcile_run (table_name, scope, scope_json, mode,
              state, requested_by, reason, created_at)
            VALUES (:table, :scope, :scopeJson, :mode, 'QUEUED', :by, :reason, :now)
            RETURNING id
            """)
        .param("table", request.table())
        .param("scope", request.scope().name())
        .param("scopeJson", scopeJson(request))
        .param("mode", request.mode().name())
        .param("by", requestedBy)
        .param("reason", reason)
        .param("now", Timestamp.from(now))
        .query(Long.class)
        .single();
  }

  /**
   * Takes the oldest queued run, or a running one whose worker has not reported since {@code
   * staleBefore} (its instance died): that one resumes from its checkpoint.
   */
  public Optional<ReconcileRun> claimNext(String owner, Instant now, Instant staleBefore) {
    return jdbc.sql(
            """
            UPDATE lockstep_recovery.reconcile_run SET state = 'RUNNING', owner = :owner,
              heartbeat_at = :now, started_at = COALESCE(started_at, :now)
            WHERE id = (
              SELECT id FROM lockstep_recovery.reconcile_run
              WHERE state = 'QUEUED' OR (state = 'RUNNING' AND heartbeat_at < :stale)
              ORDER BY created_at, id
              LIMIT 1
              FOR UPDATE SKIP LOCKED)
            RETURNING """
                + " "
                + COLUMNS)
        .param("owner", owner)
        .param("now", Timestamp.from(now))
        .param("stale", Timestamp.from(staleBefore))
        .query(RunRepository::run)
        .optional();
  }

  /** Records progress and renews the worker's claim; false if another worker took the run. */
  public boolean progress(
      long id,
      String owner,
      long rowsCompared,
      long rowsRepaired,
      String checkpointJson,
      Instant now) {
    return jdbc.sql(
                """
                UPDATE lockstep_recovery.reconcile_run SET rows_compared = :compared,
                  rows_repaired = :repaired, checkpoint_json = COALESCE(:checkpoint, checkpoint_json),
                  heartbeat_at = :now,
                  differences = (SELECT count(*) FROM lockstep_recovery.reconcile_difference
                                 WHERE run_id = :id)
                WHERE id = :id AND owner = :owner AND state = 'RUNNING'
                """)
            .param("compared", rowsCompared)
            .param("repaired", rowsRepaired)
            .param("checkpoint", checkpointJson)
            .param("now", Timestamp.from(now))
            .param("id", id)
            .param("owner", owner)
            .update()
        > 0;
  }

  /** Records a difference; the unique index holds the key's hash, as for items (V3). */
  public void addDifference(long runId, ReconcileRunner.Difference difference) {
    jdbc.sql(
            """
            INSERT INTO lockstep_recovery.reconcile_difference (run_id, key_json, key_hash,
              kind, columns_json, repaired)
            VALUES (:run, :key, sha256(convert_to(:key, 'UTF8')), :kind, :columns, :repaired)
            ON CONFLICT (run_id, key_hash) DO UPDATE SET kind = EXCLUDED.kind,
              columns_json = EXCLUDED.columns_json, repaired = EXCLUDED.repaired
            """)
        .param("run", runId)
        .param("key", difference.keyJson())
        .param("kind", difference.kind())
        .param("columns", write(JSON.valueToTree(difference.columns())))
        .param("repaired", difference.repaired())
        .update();
  }

  public void finish(
      long id, RunState state, ReconcileRunner.Summary summary, String error, Instant now) {
    jdbc.sql(
            """
            UPDATE lockstep_recovery.reconcile_run SET state = :state, finished_at = :now,
              heartbeat_at = :now, error = :error,
              rows_compared = COALESCE(:compared, rows_compared),
              rows_repaired = COALESCE(:repaired, rows_repaired),
              differences = (SELECT count(*) FROM lockstep_recovery.reconcile_difference
                             WHERE run_id = :id)
            WHERE id = :id
            """)
        .param("state", state.name())
        .param("now", Timestamp.from(now))
        .param("error", error)
        .param("compared", summary == null ? null : summary.rowsCompared())
        .param("repaired", summary == null ? null : summary.rowsRepaired())
        .param("id", id)
        .update();
  }

  public Optional<ReconcileRun> find(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM lockstep_recovery.reconcile_run WHERE id = :id")
        .param("id", id)
        .query(RunRepository::run)
        .optional();
  }

  /** The newest runs, optionally of one table. */
  public List<ReconcileRun> recent(String table, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM lockstep_recovery.reconcile_run"
                + " WHERE (CAST(:table AS text) IS NULL OR table_name = :table)"
                + " ORDER BY id DESC LIMIT :limit")
        .param("table", table)
        .param("limit", limit)
        .query(RunRepository::run)
        .list();
  }

  public List<ReconcileRunner.Difference> differences(long runId, int page, int size) {
    return jdbc.sql(
            """
            SELECT key_json, kind, columns_json, repaired
            FROM lockstep_recovery.reconcile_difference WHERE run_id = :run
            ORDER BY id LIMIT :limit OFFSET :offset
            """)
        .param("run", runId)
        .param("limit", size)
        .param("offset", (long) page * size)
        .query(
            (rs, n) ->
                new ReconcileRunner.Difference(
                    rs.getString(1), rs.getString(2), columns(rs.getString(3)), rs.getBoolean(4)))
        .list();
  }

  /** The request a stored run was made from. */
  public static ReconcileRunRequest request(ReconcileRun run) {
    JsonNode scope = read(run.scopeJson());
    List<String> keys = new ArrayList<>();
    scope.path("keys").forEach(k -> keys.add(k.toString()));
    return new ReconcileRunRequest(
        run.table(),
        run.scope(),
        scope.path("from").isObject() ? scope.get("from").toString() : null,
        scope.path("to").isObject() ? scope.get("to").toString() : null,
        keys,
        run.mode());
  }

  static String scopeJson(ReconcileRunRequest request) {
    ObjectNode scope = JSON.createObjectNode();
    scope.set("from", request.fromKeyJson() == null ? null : read(request.fromKeyJson()));
    scope.set("to", request.toKeyJson() == null ? null : read(request.toKeyJson()));
    ArrayNode keys = scope.putArray("keys");
    request.keysJson().forEach(k -> keys.add(read(k)));
    return write(scope);
  }

  private static List<String> columns(String json) {
    List<String> columns = new ArrayList<>();
    if (json != null) {
      read(json).forEach(c -> columns.add(c.asText()));
    }
    return columns;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON cannot be read: " + e.getOriginalMessage(), e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ReconcileRun run(ResultSet rs, int row) throws SQLException {
    return new ReconcileRun(
        rs.getLong("id"),
        rs.getString("table_name"),
        ReconcileScope.valueOf(rs.getString("scope")),
        rs.getString("scope_json"),
        ReconcileMode.valueOf(rs.getString("mode")),
        RunState.valueOf(rs.getString("state")),
        rs.getString("requested_by"),
        rs.getString("reason"),
        rs.getLong("rows_compared"),
        rs.getLong("differences"),
        rs.getLong("rows_repaired"),
        rs.getString("checkpoint_json"),
        rs.getString("error"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        instant(rs, "heartbeat_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
