package io.lockstep.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard and the Prometheus rules use metrics Lockstep and Flink export. */
class MonitoringTest {

  private static final String OPERATOR = "flink_taskmanager_job_task_operator_";

  /** Counters kept per source table: a "table" group, so "table_" in the name and a label. */
  private static final String PER_TABLE = OPERATOR + "table_";

  private static final Set<String> PER_TABLE_METRICS =
      Set.of("lockstepEventsCaptured", "lockstepEventsApplied", "lockstepRowsDeadLettered");

  /** Lockstep's operator metrics, as the jobs register them (docs: deploy/README.md). */
  private static final Set<String> LOCKSTEP_METRICS =
      Set.of(
          "lockstepEventsCaptured",
          "lockstepCaptureLagMs",
          "lockstepSlotRetainedWalBytes",
          "lockstepOldestXminAgeTransactions",
          "lockstepBinlogLagBytes",
          "lockstepEventsApplied",
          "lockstepRowsDeadLettered",
          "lockstepRowsParked",
          "lockstepApplyLagMs",
          "lockstepBatchSize",
          "lockstepFlushTimeMs",
          "lockstepRetriesInProgress",
          "lockstepVerifyKeysVerified",
          "lockstepVerifyMismatchesSeen",
          "lockstepVerifyDiscrepanciesConfirmed",
          "lockstepVerifyMismatchesCleared",
          "lockstepVerifyPendingRows",
          "lockstepVerifyBufferedRows",
          "lockstepVerifyLagMs",
          // Issue 15: untrusted input and stalls.
          "lockstepRecordsRefused",
          "lockstepVerifyRecordsSkipped",
          "lockstepCaptureValuesDeadLettered",
          "lockstepMissingTargetTables",
          "lockstepOffsetGaps",
          // Issue 17: truncates.
          "lockstepCaptureTruncatesRefused",
          "lockstepVerifyTruncatesSeen");

  /** Flink's own metrics and the recovery service's (Micrometer names in Prometheus form). */
  private static final Set<String> OTHER_METRICS =
      Set.of(
          "flink_jobmanager_job_numRestarts",
          "flink_jobmanager_job_lastCheckpointDuration",
          "flink_jobmanager_job_numberOfFailedCheckpoints",
          "lockstep_recovery_items",
          "lockstep_recovery_attempts_total",
          "lockstep_recovery_reconcile_rows_total",
          "lockstep_recovery_reconcile_rows_per_second",
          "lockstep_recovery_ingested_records_total",
          "lockstep_recovery_ingested_undecodable_total",
          "lockstep_recovery_ingest_failures_total",
          "lockstep_recovery_api_refused_total");

  private static final Pattern METRIC =
      Pattern.compile("\\b(flink_[A-Za-z0-9_]+|lockstep_[a-z_]+)");

  private static final Pattern ANCHOR = Pattern.compile("docs/operations\\.md#[a-z0-9-]+");

  @Test
  void dashboardPanelsEachQueryKnownMetrics() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(Repo.path("deploy/grafana/lockstep-dashboard.json").toFile());

    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    assertThat(dashboard.at("/templating/list").findValuesAsText("name")).contains("pipeline");
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
    List<JsonNode> graphs =
        panels.stream().filter(p -> !p.path("type").asText().equals("row")).toList();
    assertThat(graphs).hasSizeGreaterThan(15);
    Set<String> queried = new LinkedHashSet<>();
    for (JsonNode panel : graphs) {
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        assertThat(expr).as(panel.path("title").asText()).isNotBlank();
        queried.addAll(metricsIn(expr));
        assertThat(metricsIn(expr))
            .as("metrics of panel '%s'", panel.path("title").asText())
            .isNotEmpty()
            .allSatisfy(m -> assertThat(isKnown(m)).as(m).isTrue());
      }
    }
    // Issue 15: refused and skipped records, values the capture could not take, missing tables,
    // offset gaps, ingest failures and refused API calls each have a panel.
    assertThat(queried)
        .contains(
            OPERATOR + "lockstepRecordsRefused",
            OPERATOR + "lockstepVerifyRecordsSkipped",
            OPERATOR + "lockstepCaptureValuesDeadLettered",
            OPERATOR + "lockstepCaptureTruncatesRefused",
            OPERATOR + "lockstepMissingTargetTables",
            OPERATOR + "lockstepOffsetGaps",
            "lockstep_recovery_ingest_failures_total",
            "lockstep_recovery_api_refused_total");
    assertThat(panels.stream().map(p -> p.path("id").asInt()).distinct().count())
        .as("panel ids are unique")
        .isEqualTo(panels.size());
  }

  @Test
  void everyAlertUsesKnownMetricsAndLinksItsRunbookSection() throws IOException {
    JsonNode rules = Kustomize.readOne(Repo.path("deploy/prometheus/lockstep-alerts.yaml"));
    String operationsDoc = java.nio.file.Files.readString(Repo.path("docs/operations.md"));

    Set<String> alerts = new LinkedHashSet<>();
    for (JsonNode group : rules.path("groups")) {
      assertThat(group.path("name").asText()).isNotBlank();
      for (JsonNode rule : group.path("rules")) {
        String name = rule.path("alert").asText();
        assertThat(name).isNotBlank();
        alerts.add(name);
        assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
        assertThat(rule.path("annotations").path("description").asText()).as(name).isNotBlank();
        String runbook = rule.path("annotations").path("runbook_url").asText();
        assertThat(runbook).as(name).matches(ANCHOR);
        assertThat(operationsDoc)
            .as("%s: docs/operations.md has the section its runbook_url names", name)
            .contains("id=\"" + runbook.substring(runbook.indexOf('#') + 1) + "\"");
        assertThat(rule.path("labels").path("severity").asText())
            .as(name)
            .isIn("warning", "critical");
        assertThat(rule.path("for").asText("0m")).as(name).matches("\\d+[smh]");
        String expr = rule.path("expr").asText();
        assertThat(balanced(expr)).as("%s: brackets balance in %s", name, expr).isTrue();
        assertThat(metricsIn(expr))
            .as(name)
            .isNotEmpty()
            .allSatisfy(m -> assertThat(isKnown(m)).as(m).isTrue());
      }
    }
    // The issues' lists: lag, dead letters, discrepancies, retained WAL, xmin age, job restarts.
    assertThat(alerts)
        .contains(
            "LockstepCaptureLagHigh",
            "LockstepApplyLagHigh",
            "LockstepRowsDeadLettered",
            "LockstepDiscrepanciesConfirmed",
            "LockstepSlotRetainedWalHigh",
            "LockstepOldestXminAgeHigh",
            "LockstepJobRestarting",
            // Issue 15: every refused record, skipped record, dead-lettered value, missing table,
            // offset gap, ingest failure and refused API call is seen.
            "LockstepRecordsRefused",
            "LockstepVerifyRecordsSkipped",
            "LockstepCaptureValuesDeadLettered",
            "LockstepTargetTableMissing",
            "LockstepOffsetGap",
            "LockstepRecoveryIngestFailing",
            "LockstepRecoveryApiRefused");
  }

  private static List<String> metricsIn(String expr) {
    List<String> metrics = new ArrayList<>();
    // Label values ("lockstep_apply_shop") are not metric names.
    Matcher m = METRIC.matcher(expr.replaceAll("\"[^\"]*\"", "\"\""));
    while (m.find()) {
      metrics.add(m.group(1));
    }
    return metrics;
  }

  private static boolean isKnown(String metric) {
    return OTHER_METRICS.contains(metric)
        || (metric.startsWith(OPERATOR)
            && LOCKSTEP_METRICS.contains(metric.substring(OPERATOR.length())))
        || (metric.startsWith(PER_TABLE)
            && PER_TABLE_METRICS.contains(metric.substring(PER_TABLE.length())));
  }

  private static boolean balanced(String expr) {
    int round = 0;
    int curly = 0;
    int square = 0;
    for (char c : expr.toCharArray()) {
      switch (c) {
        case '(' -> round++;
        case ')' -> round--;
        case '{' -> curly++;
        case '}' -> curly--;
        case '[' -> square++;
        case ']' -> square--;
        default -> {}
      }
      if (round < 0 || curly < 0 || square < 0) {
        return false;
      }
    }
    return round == 0 && curly == 0 && square == 0;
  }
}
