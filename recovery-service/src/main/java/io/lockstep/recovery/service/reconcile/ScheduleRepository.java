package io.lockstep.recovery.service.reconcile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The schedules' due times and outcomes in {@code lockstep_recovery.reconcile_schedule}. */
@Repository
public class ScheduleRepository {

  /** Namespace of the advisory locks that serialise the queueing of runs per table. */
  private static final int TABLE_LOCK_SPACE = 0x4c53_5243; // "LSRC"

  private final JdbcClient jdbc;

  public ScheduleRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Adds the schedule with its first due time, unless the store has it already: then its due time
   * stays as stored, so a restart neither skips nor repeats it.
   *
   * @return true if it was added
   */
  public boolean register(ReconcileSchedule schedule, Instant firstFireAt, Instant now) {
    return jdbc.sql(
                """
                INSERT INTO lockstep_recovery.reconcile_schedule (schedule_key, table_name, cron,
                  zone, mode, next_fire_at, created_at)
                VALUES (:key, :table, :cron, :zone, :mode, :next, :now)
                ON CONFLICT (schedule_key) DO NOTHING
                """)
            .param("key", schedule.key())
            .param("table", schedule.table())
            .param("cron", schedule.cron().toString())
            .param("zone", schedule.zone().getId())
            .param("mode", schedule.mode().name())
            .param("next", Timestamp.from(firstFireAt))
            .param("now", Timestamp.from(now))
            .update()
        > 0;
  }

  /** The keys among {@code keys} that are due at {@code now}. */
  public List<String> due(Collection<String> keys, Instant now) {
    if (keys.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            SELECT schedule_key FROM lockstep_recovery.reconcile_schedule
            WHERE schedule_key IN (:keys) AND next_fire_at <= :now
            """)
        .param("keys", keys)
        .param("now", Timestamp.from(now))
        .query(String.class)
        .list();
  }

  /**
   * Takes the schedule's due time: moves its next due time to {@code next} if it is due at {@code
   * now}. Of several instances, one moves it; the others' UPDATE then finds it not due (PostgreSQL
   * re-reads the row after the first one commits).
   *
   * @return the due time taken, or empty if it was not due (any more)
   */
  public Optional<Instant> claim(String key, Instant now, Instant next) {
    return jdbc.sql(
            """
            UPDATE lockstep_recovery.reconcile_schedule
            SET last_due_at = next_fire_at, next_fire_at = :next, last_fired_at = :now
            WHERE schedule_key = :key AND next_fire_at <= :now
            RETURNING last_due_at
            """)
        .param("key", key)
        .param("now", Timestamp.from(now))
        .param("next", Timestamp.from(next))
        .query((rs, n) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /**
   * Holds, until the transaction ends, the lock under which runs of {@code table} are queued by
   * schedules, so two schedules of one table due at once on two instances queue one run.
   */
  public void lockTable(String table) {
    jdbc.sql("SELECT pg_advisory_xact_lock(:space, hashtext(:table))")
        .param("space", TABLE_LOCK_SPACE)
        .param("table", table)
        .query((rs, n) -> 1)
        .list();
  }

  /** The oldest queued or running run of the table, if any. */
  public Optional<Long> activeRun(String table) {
    return jdbc.sql(
            """
            SELECT id FROM lockstep_recovery.reconcile_run
            WHERE table_name = :table AND state IN ('QUEUED', 'RUNNING')
            ORDER BY id LIMIT 1
            """)
        .param("table", table)
        .query(Long.class)
        .optional();
  }

  /** What the schedule did at its last due time; a queued run becomes its last run. */
  public void recordOutcome(String key, ScheduleOutcome outcome, String detail, Long queuedRunId) {
    jdbc.sql(
            """
            UPDATE lockstep_recovery.reconcile_schedule
            SET last_outcome = :outcome, last_detail = :detail,
              last_run_id = COALESCE(:run, last_run_id)
            WHERE schedule_key = :key
            """)
        .param("outcome", outcome.name())
        .param("detail", detail)
        .param("run", queuedRunId)
        .param("key", key)
        .update();
  }

  /** The stored state of the schedules among {@code keys}. */
  public List<ScheduleState> find(Collection<String> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            SELECT schedule_key, next_fire_at, last_due_at, last_fired_at, last_outcome,
              last_detail, last_run_id
            FROM lockstep_recovery.reconcile_schedule WHERE schedule_key IN (:keys)
            """)
        .param("keys", keys)
        .query(ScheduleRepository::state)
        .list();
  }

  private static ScheduleState state(ResultSet rs, int row) throws SQLException {
    String outcome = rs.getString("last_outcome");
    long run = rs.getLong("last_run_id");
    Long lastRun = rs.wasNull() ? null : run;
    return new ScheduleState(
        rs.getString("schedule_key"),
        instant(rs, "next_fire_at"),
        instant(rs, "last_due_at"),
        instant(rs, "last_fired_at"),
        outcome == null ? null : ScheduleOutcome.valueOf(outcome),
        rs.getString("last_detail"),
        lastRun);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
