package io.lockstep.recovery.service.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts API calls refused for their token: {@code lockstep.recovery.api.refused{reason}}
 * (Prometheus {@code lockstep_recovery_api_refused_total}). Calls without a valid token are not
 * audited, since anyone can send them and each would be a row, so this is where they show; a
 * viewer's refused call is both audited and counted.
 */
public class ApiRefusals {

  static final String METRIC = "lockstep.recovery.api.refused";

  /** Why a call was refused. */
  public enum Reason {
    /** No {@code Authorization: Bearer} header (401). */
    MISSING_TOKEN,
    /** A bearer token that is not one of the configured ones (401). */
    INVALID_TOKEN,
    /** A valid token whose role may not make the call (403). */
    FORBIDDEN;

    String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

  public ApiRefusals(MeterRegistry meters) {
    for (Reason reason : Reason.values()) {
      counters.put(
          reason,
          Counter.builder(METRIC)
              .description("API calls refused for a missing or invalid token, or a role")
              .tag("reason", reason.tag())
              .register(meters));
    }
  }

  void refused(Reason reason) {
    counters.get(reason).increment();
  }
}
