package io.lockstep.recovery.service.reconcile;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * One checked entry of {@code lockstep.reconcile.schedules}: a whole-table run of {@code table} in
 * {@code mode} whenever {@code cron} (read in {@code zone}) is due.
 *
 * @param index the entry's place in the property list, to name it in messages
 */
public record ReconcileSchedule(
    int index, String table, CronExpression cron, ZoneId zone, ReconcileMode mode) {

  /** The property this schedule came from, e.g. {@code lockstep.reconcile.schedules[2]}. */
  public String property() {
    return "lockstep.reconcile.schedules[" + index + "]";
  }

  /**
   * What identifies the schedule in the store, the same on every instance with the same entry
   * whatever its index: an edited entry is a new schedule, so its first time is computed afresh.
   */
  public String key() {
    return table + " " + mode + " " + zone.getId() + " " + cron;
  }

  /**
   * The first due time strictly after {@code instant}; empty if the expression never matches again
   * (e.g. 30 February).
   */
  public Optional<Instant> nextAfter(Instant instant) {
    ZonedDateTime next = cron.next(instant.atZone(zone));
    return Optional.ofNullable(next).map(ZonedDateTime::toInstant);
  }

  @Override
  public String toString() {
    return property() + " (" + table + ", '" + cron + "' " + zone.getId() + ", " + mode + ")";
  }
}
