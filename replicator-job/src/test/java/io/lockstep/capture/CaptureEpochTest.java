package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class CaptureEpochTest {

  private static final String IN_SNAPSHOT =
      "{\"last_snapshot_record\":false,\"lsn\":31158200,\"snapshot\":\"INITIAL\","
          + "\"snapshot_completed\":false}";

  @Test
  void firstStartOpensANewEpoch() {
    assertThat(DebeziumSourceReader.restoredEpoch(DebeziumSplit.fresh())).isEmpty();
  }

  @Test
  void restoringTheStreamKeepsTheEpoch() {
    DebeziumSplit streaming =
        new DebeziumSplit("{}", "{\"lsn\":5000,\"lsn_proc\":4990,\"lsn_commit\":4900}", 7);
    assertThat(DebeziumSourceReader.restoredEpoch(streaming)).hasValue(7);
  }

  @Test
  void restoringAFinishedSnapshotKeepsTheEpoch() {
    DebeziumSplit finished =
        new DebeziumSplit(
            "{}",
            "{\"last_snapshot_record\":true,\"lsn\":900,\"snapshot\":\"INITIAL\","
                + "\"snapshot_completed\":true}",
            1);
    assertThat(DebeziumSourceReader.restoredEpoch(finished)).hasValue(1);
  }

  @Test
  void restoringAnUnfinishedSnapshotOpensANewEpoch() {
    assertThat(DebeziumSourceReader.restoredEpoch(new DebeziumSplit("{}", IN_SNAPSHOT, 30169473)))
        .isEmpty();
  }

  @Test
  void twoAttemptsFromTheSameCheckpointGetDifferentEpochs() {
    // Both restored the same unfinished snapshot; each snapshot attempt starts further in the WAL.
    long first = DebeziumSourceReader.newEpoch(30169473, record(31_016_520L));
    long second = DebeziumSourceReader.newEpoch(30169473, record(32_579_128L));
    assertThat(first).isGreaterThan(30169473);
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void aNewEpochIsAboveTheRestoredOneEvenWithoutAnLsn() {
    assertThat(
            DebeziumSourceReader.newEpoch(
                41, new SourceRecord(Map.of(), Map.of(), "t", null, null)))
        .isEqualTo(42);
  }

  private static SourceRecord record(long lsn) {
    return new SourceRecord(Map.of("server", "s"), Map.of("lsn", lsn), "t", null, null);
  }
}
