package io.lockstep.recovery.service.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.config.TableSelection;
import io.lockstep.recovery.service.config.RecoveryProperties.Reconcile.Schedule;
import io.lockstep.recovery.service.config.StartupProblem;
import io.lockstep.recovery.service.support.TestPipelines;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileSchedulesTest {

  /** The test pipeline selects {@code shop\..*}. */
  private static final TableSelection SHOP =
      TableSelection.of(TestPipelines.postgres(5432, "shop", "localhost:9092"));

  private static ReconcileSchedules check(Schedule... entries) {
    return ReconcileSchedules.of(Arrays.asList(entries), SHOP, "shop\\..*");
  }

  private static ReconcileSchedule one(String cron, String zone) {
    return check(new Schedule("shop.customers", cron, zone, "DRY_RUN")).all().get(0);
  }

  @Test
  void validEntriesKeepTheirOrderAndIndex() {
    ReconcileSchedules schedules =
        check(
            new Schedule("shop.customers", "0 0 3 * * *", null, null),
            new Schedule(" shop.order_lines ", "0 30 1 * * SUN", "Europe/Berlin", "repair"));
    assertThat(schedules.all()).hasSize(2);
    ReconcileSchedule first = schedules.all().get(0);
    assertThat(first.property()).isEqualTo("lockstep.reconcile.schedules[0]");
    assertThat(first.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(first.mode()).isEqualTo(ReconcileMode.DRY_RUN);
    ReconcileSchedule second = schedules.all().get(1);
    assertThat(second.index()).isEqualTo(1);
    assertThat(second.table()).isEqualTo("shop.order_lines");
    assertThat(second.mode()).isEqualTo(ReconcileMode.REPAIR);
    assertThat(second.key()).isEqualTo("shop.order_lines REPAIR Europe/Berlin 0 30 1 * * SUN");
  }

  @Test
  void aFiveFieldCronNamesItsPropertyAndTheSixFieldForm() {
    assertThatThrownBy(
            () ->
                check(
                    new Schedule("shop.customers", "0 0 3 * * *", null, null),
                    new Schedule("shop.customers", "0 0 4 * * *", null, null),
                    new Schedule("shop.customers", "0 3 * * *", null, null)))
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining("lockstep.reconcile.schedules[2].cron '0 3 * * *'")
        .hasMessageContaining("is not a cron expression")
        .hasMessageContaining("set it to six fields: second minute hour")
        .hasMessageNotContaining("schedules[0]")
        .satisfies(e -> assertThat(((StartupProblem) e).action()).contains("Fix the entries"));
  }

  @Test
  void aBadModeNamesItsPropertyAndTheModes() {
    assertThatThrownBy(() -> check(new Schedule("shop.customers", "@daily", null, "REPAIRS")))
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining(
            "lockstep.reconcile.schedules[0].mode 'REPAIRS' is not a mode; set it to DRY_RUN"
                + " (default) or REPAIR");
  }

  @Test
  void aTableTheSelectionDoesNotCoverIsRefusedAtStart() {
    assertThatThrownBy(() -> check(new Schedule("billing.invoices", "@daily", null, null)))
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining("lockstep.reconcile.schedules[0].table 'billing.invoices'")
        .hasMessageContaining("source.tables: shop\\..*");
  }

  @Test
  void everyBadEntryIsNamedInOneMessage() {
    assertThatThrownBy(
            () ->
                check(
                    new Schedule("customers", "0 0 3 * * *", null, null),
                    new Schedule("shop.customers", null, "Mars/Olympus", null),
                    new Schedule("shop.customers", "0 0 0 30 2 *", null, null),
                    new Schedule("shop.customers", "0 0 3 * * *", "UTC", "DRY_RUN"),
                    new Schedule("shop.customers", "0 0 3 * * *", null, "dry-run")))
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining("schedules[0].table 'customers' is not schema.table")
        .hasMessageContaining("schedules[1].cron is not set")
        .hasMessageContaining("schedules[1].zone 'Mars/Olympus' is not a time zone")
        .hasMessageContaining("schedules[2].cron '0 0 0 30 2 *' never comes due")
        .hasMessageContaining(
            "lockstep.reconcile.schedules[4] is the same schedule as"
                + " lockstep.reconcile.schedules[3]");
  }

  @Test
  void noEntriesNoSchedules() {
    assertThat(ReconcileSchedules.of(List.of(), SHOP, "shop\\..*").isEmpty()).isTrue();
  }

  @Test
  void theNextTimeIsStrictlyAfterTheGivenInstant() {
    ReconcileSchedule daily = one("0 0 3 * * *", null);
    assertThat(daily.nextAfter(Instant.parse("2026-12-02T02:59:59Z")))
        .contains(Instant.parse("2026-12-02T03:00:00Z"));
    assertThat(daily.nextAfter(Instant.parse("2026-12-02T03:00:00Z")))
        .contains(Instant.parse("2026-12-03T03:00:00Z"));
    ReconcileSchedule quarterly = one("0 */15 * * * *", null);
    assertThat(quarterly.nextAfter(Instant.parse("2026-12-02T10:07:12Z")))
        .contains(Instant.parse("2026-12-02T10:15:00Z"));
  }

  @Test
  void theCronIsReadInItsZoneAcrossDaylightSavingChanges() {
    ReconcileSchedule berlin = one("0 0 3 * * *", "Europe/Berlin");
    // 03:00 in Berlin is 02:00 UTC in winter and 01:00 UTC in summer.
    assertThat(berlin.nextAfter(Instant.parse("2026-12-02T00:00:00Z")))
        .contains(Instant.parse("2026-12-02T02:00:00Z"));
    assertThat(berlin.nextAfter(Instant.parse("2026-03-28T12:00:00Z")))
        .contains(Instant.parse("2026-03-29T01:00:00Z"));
    ReconcileSchedule weekly = one("0 30 1 * * SUN", "UTC");
    assertThat(weekly.nextAfter(Instant.parse("2026-12-02T00:00:00Z")))
        .as("2026-12-02 is a Wednesday")
        .contains(Instant.parse("2026-12-06T01:30:00Z"));
  }
}
