package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumeOffsetTest {

  @Test
  void aLogicalDecodingMessagesPositionResumesLikeACommit() {
    Map<String, Object> heartbeat =
        Map.of("lsn_proc", 100L, "lsn_commit", 100L, "lsn", 100L, "messageType", "MESSAGE");

    assertThat(ResumeOffset.of(heartbeat))
        .containsEntry("messageType", "COMMIT")
        .containsEntry("lsn_proc", 100L)
        .containsEntry("lsn_commit", 100L)
        .containsEntry("lsn", 100L);
  }

  @Test
  void otherPositionsAreKeptAsDebeziumWroteThem() {
    Map<String, Object> insert =
        Map.of("lsn_proc", 120L, "lsn_commit", 100L, "lsn", 120L, "messageType", "INSERT");
    Map<String, Object> snapshot =
        Map.of("lsn", 90L, "snapshot", "INITIAL", "last_snapshot_record", false);

    assertThat(ResumeOffset.of(insert)).isEqualTo(insert);
    assertThat(ResumeOffset.of(snapshot)).isEqualTo(snapshot);
  }

  @Test
  void binlogOffsetsAreKeptAsDebeziumWroteThem() {
    Map<String, Object> binlog =
        Map.of(
            "file", "mysql-bin.000003",
            "pos", 4000L,
            "event", 2L,
            "row", 1,
            "server_id", 1L,
            "gtids", "0-1-42",
            "ts_sec", 1_704_067_200L);
    Map<String, Object> snapshot =
        Map.of("file", "mysql-bin.000003", "pos", 4000L, "snapshot", "INITIAL");

    assertThat(ResumeOffset.of(binlog)).isEqualTo(binlog);
    assertThat(ResumeOffset.of(snapshot)).isEqualTo(snapshot);
  }
}
