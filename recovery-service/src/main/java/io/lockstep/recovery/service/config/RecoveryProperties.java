package io.lockstep.recovery.service.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The service's own settings ({@code lockstep.*}); the pipeline's settings come from the pipeline
 * file that {@code lockstep.pipeline-config} names. Every message below names the property and what
 * to set, because Spring Boot prints it as the reason start-up failed.
 *
 * @param pipelineConfig the pipeline file (YAML); not needed when the local runner hands the
 *     service a loaded configuration
 * @param flink the Flink REST API the status endpoint reads
 * @param retry tier 1: automatic retries of failed rows and discrepancies
 * @param ingest the consumer of the failed-rows and discrepancies topics
 * @param reconcile tier 2: reconciliation runs
 * @param api the admin API's bearer tokens
 * @param cutover the cutover helpers
 */
@Validated
@ConfigurationProperties("lockstep")
public record RecoveryProperties(
    Path pipelineConfig,
    @Valid @DefaultValue Flink flink,
    @Valid @DefaultValue Retry retry,
    @Valid @DefaultValue Ingest ingest,
    @Valid @DefaultValue Reconcile reconcile,
    @Valid @DefaultValue Api api,
    @Valid @DefaultValue Cutover cutover) {

  /**
   * @param restUrl the JobManager's REST address, e.g. http://flink-jobmanager:8081; without it the
   *     status endpoint says that it is not configured
   * @param timeout per request to it
   */
  public record Flink(URI restUrl, @DefaultValue("5s") @NotNull Duration timeout) {
    @AssertTrue(message = "must be http(s)://host:port; set lockstep.flink.rest-url to the address")
    public boolean isRestUrlHttp() {
      return restUrl == null
          || ("http".equals(restUrl.getScheme()) || "https".equals(restUrl.getScheme()))
              && restUrl.getHost() != null;
    }
  }

  /**
   * @param enabled whether the scheduler runs at all
   * @param delay from an item's arrival to its first attempt (the apply job may still fix the row)
   * @param maxAttempts attempts before the item is escalated to a reconciliation
   * @param backoffMultiplier each wait is the one before times this
   * @param maxBackoff the longest wait between attempts
   * @param pollInterval how often the scheduler looks for due items
   * @param batchSize items one scheduler pass takes at most
   * @param lease how long a taken item stays with its instance before another one may take it
   */
  public record Retry(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("5m") @NotNull Duration delay,
      @DefaultValue("5")
          @Min(
              value = 1,
              message = "must be at least 1; set lockstep.retry.max-attempts to 1 or more")
          int maxAttempts,
      @DefaultValue("2.0")
          @DecimalMin(
              value = "1.0",
              message = "must be at least 1.0; set lockstep.retry.backoff-multiplier to e.g. 2")
          double backoffMultiplier,
      @DefaultValue("1h") @NotNull Duration maxBackoff,
      @DefaultValue("10s") @NotNull Duration pollInterval,
      @DefaultValue("50")
          @Min(value = 1, message = "must be 1 to 1000; set lockstep.retry.batch-size")
          @Max(value = 1000, message = "must be 1 to 1000; set lockstep.retry.batch-size")
          int batchSize,
      @DefaultValue("2m") @NotNull Duration lease) {

    @AssertTrue(
        message =
            "lockstep.retry.delay, max-backoff, poll-interval and lease must be positive"
                + " durations, e.g. 5m, 1h, 10s, 2m")
    public boolean isDurationsPositive() {
      return positive(delay) && positive(maxBackoff) && positive(pollInterval) && positive(lease);
    }
  }

  /**
   * @param enabled whether the service consumes the two topics (off for an instance that only
   *     serves the API)
   * @param pollTimeout the consumer's poll timeout
   */
  public record Ingest(
      @DefaultValue("true") boolean enabled, @DefaultValue("1s") @NotNull Duration pollTimeout) {}

  /**
   * @param workers reconciliation runs executed at the same time by this instance
   * @param pollInterval how often queued runs, and due schedules, are looked for
   * @param staleAfter a running run whose instance has not reported for this long is taken over
   * @param schedules whole-table runs queued by cron; checked at start by {@code
   *     reconcile.ReconcileSchedules}, which names the entry and the fix
   */
  public record Reconcile(
      @DefaultValue("1")
          @Min(value = 1, message = "must be 1 to 8; set lockstep.reconcile.workers")
          @Max(value = 8, message = "must be 1 to 8; set lockstep.reconcile.workers")
          int workers,
      @DefaultValue("5s") @NotNull Duration pollInterval,
      @DefaultValue("2m") @NotNull Duration staleAfter,
      @DefaultValue List<Schedule> schedules) {

    @ConstructorBinding
    public Reconcile {
      // Not List.copyOf: an empty entry must reach ReconcileSchedules, which names it.
      schedules =
          schedules == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(schedules));
    }

    /** Without schedules. */
    public Reconcile(int workers, Duration pollInterval, Duration staleAfter) {
      this(workers, pollInterval, staleAfter, List.of());
    }

    /**
     * One entry of {@code lockstep.reconcile.schedules}. Kept as text here: the cron, zone and mode
     * are parsed together with the pipeline's tables, so that one message can name every bad entry
     * by its index.
     *
     * @param table {@code schema.table} ({@code database.table} on MariaDB/MySQL)
     * @param cron Spring's six fields: second minute hour day-of-month month day-of-week
     * @param zone the zone the cron is read in
     * @param mode {@code DRY_RUN} or {@code REPAIR}
     */
    public record Schedule(
        String table,
        String cron,
        @DefaultValue("UTC") String zone,
        @DefaultValue("DRY_RUN") String mode) {}

    @AssertTrue(
        message =
            "lockstep.reconcile.poll-interval and stale-after must be positive durations,"
                + " e.g. 5s and 2m")
    public boolean isDurationsPositive() {
      return positive(pollInterval) && positive(staleAfter);
    }
  }

  /**
   * @param tokens the API's tokens, usually from the environment variable {@code
   *     LOCKSTEP_API_TOKENS}: {@code name:role:sha256:<hex>,...} (docs/recovery-service.md)
   */
  public record Api(String tokens) {}

  /**
   * @param sequenceBuffer added to the source's sequence value when a target sequence is set
   */
  public record Cutover(
      @DefaultValue("1000")
          @Min(value = 0, message = "must be 0 or more; set lockstep.cutover.sequence-buffer")
          long sequenceBuffer) {}

  private static boolean positive(Duration duration) {
    return duration == null || (!duration.isNegative() && !duration.isZero());
  }
}
