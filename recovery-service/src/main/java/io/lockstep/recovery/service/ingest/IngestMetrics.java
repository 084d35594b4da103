package io.lockstep.recovery.service.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The ingest's counters. {@code lockstep.recovery.ingest.failures{topic,reason}} (Prometheus {@code
 * lockstep_recovery_ingest_failures_total}) counts every record not taken as a row and every failed
 * attempt to store a poll, so that an alert sees them; each topic and reason is registered at
 * start, at zero, so that a rate is defined before the first failure.
 */
final class IngestMetrics {

  static final String FAILURES = "lockstep.recovery.ingest.failures";

  /** Why the ingest did not take records as rows. */
  enum Reason {
    /** A record that could not be read: kept as an UNDECODABLE item. */
    UNDECODABLE,
    /** A record the store refused: kept as an UNSTORABLE item. */
    UNSTORABLE,
    /** The store failed a poll (unreachable, or refusing everything): the poll is read again. */
    STORE_UNAVAILABLE;

    String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final MeterRegistry meters;
  private final Counter ingested;
  private final Counter undecodable;

  IngestMetrics(MeterRegistry meters, List<String> topics) {
    this.meters = meters;
    this.ingested = meters.counter("lockstep.recovery.ingested.records");
    this.undecodable = meters.counter("lockstep.recovery.ingested.undecodable");
    for (String topic : topics) {
      for (Reason reason : Reason.values()) {
        failures(topic, reason);
      }
    }
  }

  void ingested(int records) {
    ingested.increment(records);
  }

  void failed(String topic, Reason reason) {
    if (reason == Reason.UNDECODABLE) {
      undecodable.increment();
    }
    failures(topic, reason).increment();
  }

  /** One failed attempt to store a poll, counted once for each topic it held records of. */
  void storeUnavailable(Collection<String> topics) {
    for (String topic : topics) {
      failures(topic, Reason.STORE_UNAVAILABLE).increment();
    }
  }

  private Counter failures(String topic, Reason reason) {
    return Counter.builder(FAILURES)
        .description(
            "Records the recovery service's ingest did not take as rows, and failed stores of a"
                + " poll")
        .tag("topic", topic)
        .tag("reason", reason.tag())
        .register(meters);
  }
}
