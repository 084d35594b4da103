package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.capture.engines.CaptureEngines;
import io.lockstep.capture.spi.CaptureEngine;
import io.lockstep.types.Engine;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class CaptureEpochTest {

  private static final CaptureEngine POSTGRES = CaptureEngines.of(Engine.POSTGRES);
  private static final CaptureEngine MARIADB = CaptureEngines.of(Engine.MARIADB);

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
    long first = DebeziumSourceReader.newEpoch(POSTGRES, 30169473, record(31_016_520L));
    long second = DebeziumSourceReader.newEpoch(POSTGRES, 30169473, record(32_579_128L));
    assertThat(first).isGreaterThan(30169473);
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void aNewEpochIsAboveTheRestoredOneEvenWithoutAnLsn() {
    assertThat(
            DebeziumSourceReader.newEpoch(
                POSTGRES, 41, new SourceRecord(Map.of(), Map.of(), "t", null, null)))
        .isEqualTo(42);
  }

  @Test
  void restoringAnUnfinishedBinlogSnapshotOpensANewEpoch() {
    String inSnapshot =
        "{\"file\":\"mysql-bin.000003\",\"pos\":4000,\"server_id\":1,\"ts_sec\":1,"
            + "\"snapshot\":\"INITIAL\"}";
    assertThat(DebeziumSourceReader.restoredEpoch(new DebeziumSplit("{}", inSnapshot, 9)))
        .isEmpty();
  }

  @Test
  void restoringTheBinlogStreamKeepsTheEpoch() {
    String streaming =
        "{\"file\":\"mysql-bin.000003\",\"pos\":4000,\"event\":2,\"row\":1,"
            + "\"server_id\":1,\"gtids\":\"0-1-42\"}";
    assertThat(DebeziumSourceReader.restoredEpoch(new DebeziumSplit("{}", streaming, 9)))
        .hasValue(9);
  }

  @Test
  void binlogSnapshotAttemptsFromTheSameCheckpointGetGrowingEpochs() {
    long restored = (3L << 32) + 4000;
    // Each attempt's snapshot records carry the binlog position where it started.
    long first =
        DebeziumSourceReader.newEpoch(MARIADB, restored, binlogRecord("mysql-bin.000003", 9000));
    long second =
        DebeziumSourceReader.newEpoch(MARIADB, restored, binlogRecord("mysql-bin.000004", 120));
    assertThat(first).isEqualTo((3L << 32) + 9000);
    assertThat(second).isGreaterThan(first);
    // A binlog that was reset (RESET MASTER) still gives a higher epoch.
    assertThat(DebeziumSourceReader.newEpoch(MARIADB, second, binlogRecord("mysql-bin.000001", 4)))
        .isEqualTo(second + 1);
  }

  @Test
  void readsOfTheSnapshotThatOpenedTheEpochStayInIt() {
    Map<String, Object> read = OffsetJson.read(IN_SNAPSHOT);
    assertThat(DebeziumSourceReader.startsAnotherSnapshot(read, 31158200, 31158200)).isFalse();
  }

  @Test
  void aSnapshotAfterStreamedChangesOpensANewEpoch() {
    // Debezium restarted its connector after a lost connection, with no committed offset yet.
    Map<String, Object> read = OffsetJson.read(IN_SNAPSHOT);
    assertThat(DebeziumSourceReader.startsAnotherSnapshot(read, 31158200, -1)).isTrue();
  }

  @Test
  void aSnapshotFromAnotherStartOpensANewEpoch() {
    Map<String, Object> read = OffsetJson.read(IN_SNAPSHOT);
    assertThat(DebeziumSourceReader.startsAnotherSnapshot(read, 31158200, 30000000)).isTrue();
  }

  @Test
  void streamedChangesAndIncrementalSnapshotReadsNeverOpenAnEpoch() {
    Map<String, Object> streamed = OffsetJson.read("{\"lsn\":5000,\"lsn_proc\":4990}");
    Map<String, Object> incremental =
        OffsetJson.read("{\"lsn\":5000,\"snapshot\":\"INCREMENTAL\"}");
    assertThat(DebeziumSourceReader.startsAnotherSnapshot(streamed, -1, 31158200)).isFalse();
    assertThat(DebeziumSourceReader.startsAnotherSnapshot(incremental, -1, 31158200)).isFalse();
  }

  private static SourceRecord binlogRecord(String file, long pos) {
    return new SourceRecord(
        Map.of("server", "s"),
        Map.of("file", file, "pos", pos, "snapshot", "INITIAL"),
        "t",
        null,
        null);
  }

  private static SourceRecord record(long lsn) {
    return new SourceRecord(Map.of("server", "s"), Map.of("lsn", lsn), "t", null, null);
  }
}
