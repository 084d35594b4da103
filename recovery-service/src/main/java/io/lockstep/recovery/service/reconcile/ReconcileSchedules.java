package io.lockstep.recovery.service.reconcile;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableSelection;
import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.config.StartupProblem;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.scheduling.support.CronExpression;

/**
 * The checked {@code lockstep.reconcile.schedules}. Everything that can be checked without the
 * source is checked here, at start, and every bad entry is named in one message: the cron, the
 * zone, the mode, the form of the table name and whether the pipeline's {@code source.tables}
 * select it. Whether the table exists on the source is known only from its catalog, so the
 * scheduler checks that when a schedule fires.
 */
public final class ReconcileSchedules {

  private static final String CRON_FORM =
      "six fields: second minute hour day-of-month month day-of-week, e.g. '0 0 3 * * *' for"
          + " 03:00 every day or '0 30 1 * * SUN' for 01:30 on Sundays";

  private final List<ReconcileSchedule> schedules;

  private ReconcileSchedules(List<ReconcileSchedule> schedules) {
    this.schedules = List.copyOf(schedules);
  }

  public static ReconcileSchedules none() {
    return new ReconcileSchedules(List.of());
  }

  /** The schedules of the properties, checked against the pipeline's table selection. */
  public static ReconcileSchedules of(
      RecoveryProperties.Reconcile settings, PipelineConfig config) {
    return of(
        settings.schedules(),
        TableSelection.of(config),
        String.join(", ", config.get(PipelineOptions.SOURCE_TABLES)));
  }

  /**
   * @param selectedBy how the pipeline selects its tables, for the message
   * @throws StartupProblem naming every bad entry, its property and the fix
   */
  static ReconcileSchedules of(
      List<RecoveryProperties.Reconcile.Schedule> entries,
      TableSelection selection,
      String selectedBy) {
    List<String> problems = new ArrayList<>();
    List<ReconcileSchedule> checked = new ArrayList<>();
    Map<String, Integer> byKey = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      RecoveryProperties.Reconcile.Schedule entry = entries.get(i);
      String property = "lockstep.reconcile.schedules[" + i + "]";
      if (entry == null) {
        problems.add(property + " is empty; give it a table and a cron, or remove it");
        continue;
      }
      int before = problems.size();
      String table = table(entry.table(), property, selection, selectedBy, problems);
      CronExpression cron = cron(entry.cron(), property, problems);
      ZoneId zone = zone(entry.zone(), property, problems);
      ReconcileMode mode = mode(entry.mode(), property, problems);
      if (problems.size() > before) {
        continue;
      }
      ReconcileSchedule schedule = new ReconcileSchedule(i, table, cron, zone, mode);
      if (schedule.nextAfter(Instant.now()).isEmpty()) {
        problems.add(
            property
                + ".cron '"
                + entry.cron()
                + "' never comes due (no such date); set it to a date that exists");
        continue;
      }
      Integer same = byKey.putIfAbsent(schedule.key(), i);
      if (same != null) {
        problems.add(
            property
                + " is the same schedule as lockstep.reconcile.schedules["
                + same
                + "] (table, cron, zone and mode); remove one of them");
        continue;
      }
      checked.add(schedule);
    }
    if (!problems.isEmpty()) {
      throw new StartupProblem(
          "lockstep.reconcile.schedules cannot be used:\n  - " + String.join("\n  - ", problems),
          "Fix the entries named above (docs/recovery-service.md, 'Scheduled reconciliation'),"
              + " or remove them.",
          null);
    }
    return new ReconcileSchedules(checked);
  }

  private static String table(
      String value,
      String property,
      TableSelection selection,
      String selectedBy,
      List<String> problems) {
    String name = value == null ? "" : value.strip();
    int dot = name.indexOf('.');
    if (dot <= 0 || dot == name.length() - 1 || name.indexOf('.', dot + 1) >= 0) {
      problems.add(
          property
              + ".table "
              + (name.isEmpty() ? "is not set" : "'" + name + "' is not schema.table")
              + "; set it to a replicated table as schema.table (database.table on"
              + " MariaDB/MySQL)");
      return null;
    }
    if (!selection.includes(name.substring(0, dot), name.substring(dot + 1))) {
      problems.add(
          property
              + ".table '"
              + name
              + "' is not selected by the pipeline (source.tables: "
              + selectedBy
              + ", minus source.exclude-tables); set it to a table the pipeline replicates");
      return null;
    }
    return name;
  }

  private static CronExpression cron(String value, String property, List<String> problems) {
    if (value == null || value.isBlank()) {
      problems.add(property + ".cron is not set; set it to " + CRON_FORM);
      return null;
    }
    try {
      return CronExpression.parse(value.strip());
    } catch (IllegalArgumentException e) {
      problems.add(
          property
              + ".cron '"
              + value
              + "' is not a cron expression ("
              + e.getMessage()
              + "); set it to "
              + CRON_FORM);
      return null;
    }
  }

  private static ZoneId zone(String value, String property, List<String> problems) {
    try {
      return ZoneId.of(value == null || value.isBlank() ? "UTC" : value.strip());
    } catch (DateTimeException e) {
      problems.add(
          property
              + ".zone '"
              + value
              + "' is not a time zone; set it to a region such as UTC or Europe/Berlin");
      return null;
    }
  }

  private static ReconcileMode mode(String value, String property, List<String> problems) {
    if (value == null || value.isBlank()) {
      return ReconcileMode.DRY_RUN;
    }
    try {
      return ReconcileMode.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      problems.add(
          property + ".mode '" + value + "' is not a mode; set it to DRY_RUN (default) or REPAIR");
      return null;
    }
  }

  public List<ReconcileSchedule> all() {
    return schedules;
  }

  public boolean isEmpty() {
    return schedules.isEmpty();
  }
}
