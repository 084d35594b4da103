package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaptureEpochTest {

  @Test
  void firstStartIsEpochOne() {
    assertThat(DebeziumSourceReader.epochOfThisRun(DebeziumSplit.fresh())).isEqualTo(1);
  }

  @Test
  void restoringTheStreamKeepsTheEpoch() {
    DebeziumSplit streaming =
        new DebeziumSplit("{}", "{\"lsn\":5000,\"lsn_proc\":4990,\"lsn_commit\":4900}", 7);
    assertThat(DebeziumSourceReader.epochOfThisRun(streaming)).isEqualTo(7);
  }

  @Test
  void restoringAnUnfinishedSnapshotOpensANewEpochAboveTheOld() {
    DebeziumSplit inSnapshot =
        new DebeziumSplit(
            "{}",
            "{\"last_snapshot_record\":false,\"lsn\":31158200,\"snapshot\":\"INITIAL\","
                + "\"snapshot_completed\":false}",
            30169473);
    long epoch = DebeziumSourceReader.epochOfThisRun(inSnapshot);
    assertThat(epoch).isEqualTo(31158201).isGreaterThan(inSnapshot.epoch());
  }

  @Test
  void restoringAFinishedSnapshotKeepsTheEpoch() {
    DebeziumSplit finished =
        new DebeziumSplit(
            "{}",
            "{\"last_snapshot_record\":true,\"lsn\":900,\"snapshot\":\"INITIAL\","
                + "\"snapshot_completed\":true}",
            1);
    assertThat(DebeziumSourceReader.epochOfThisRun(finished)).isEqualTo(1);
  }
}
