package io.lockstep.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Suite 5: peak RSS and heap of the pipeline's process during suites 1 and 2, against the Kafka
 * Connect worker that ran Debezium's JDBC sink on the same backlog in suite 1.
 */
final class MemorySuite {

  private MemorySuite() {}

  static SuiteResult summarize(String mode, List<MemoryReading> readings) {
    long oursRss = 0;
    long theirsRss = 0;
    List<List<String>> details = new ArrayList<>();
    for (MemoryReading r : readings) {
      boolean ours = r.process().startsWith("Lockstep");
      if (ours && r.suite().equals("apply")) {
        // Like with like: the apply job alone against the sink worker, on the same backlog.
        oursRss = Math.max(oursRss, r.rssMib());
      } else if (!ours) {
        theirsRss = Math.max(theirsRss, r.rssMib());
      }
      String figures = r.rssMib() + " MiB RSS, " + r.heapMib() + " MiB heap";
      details.add(
          List.of(
              r.suite() + ": " + r.process() + " (peak RSS, peak heap in use; -Xmx2g)",
              ours ? figures : "",
              ours ? "" : figures));
    }
    return new SuiteResult(
        "memory",
        mode,
        "MiB",
        oursRss,
        "kafka-connect-worker",
        theirsRss,
        false,
        details,
        Map.of(),
        List.of(),
        Map.of());
  }
}
