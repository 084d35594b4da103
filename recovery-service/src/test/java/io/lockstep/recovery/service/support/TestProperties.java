package io.lockstep.recovery.service.support;

import io.lockstep.recovery.service.config.RecoveryProperties;
import java.time.Duration;

/** The service's settings with their documented defaults, for tests that build parts by hand. */
public final class TestProperties {

  private TestProperties() {}

  public static RecoveryProperties defaults() {
    return withIngest(new RecoveryProperties.Ingest(true, Duration.ofSeconds(1)));
  }

  public static RecoveryProperties withIngest(RecoveryProperties.Ingest ingest) {
    return new RecoveryProperties(
        null,
        new RecoveryProperties.Flink(null, Duration.ofSeconds(5)),
        new RecoveryProperties.Retry(
            true,
            Duration.ofMinutes(5),
            5,
            2.0,
            Duration.ofHours(1),
            Duration.ofSeconds(10),
            50,
            Duration.ofMinutes(2)),
        ingest,
        new RecoveryProperties.Reconcile(1, Duration.ofSeconds(5), Duration.ofMinutes(2)),
        new RecoveryProperties.Api(null),
        new RecoveryProperties.Cutover(1000));
  }
}
