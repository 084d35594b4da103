package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DebeziumSplitSerializerTest {

  @Test
  void splitsSurviveACheckpoint() throws Exception {
    DebeziumSplitSerializer.Splits serializer = new DebeziumSplitSerializer.Splits();
    DebeziumSplit split =
        new DebeziumSplit("{\"server\":\"shop\"}", "{\"lsn\":123,\"lsn_commit\":100}", 42);
    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(split)))
        .isEqualTo(split);
    DebeziumSplit fresh = DebeziumSplit.fresh();
    assertThat(serializer.deserialize(1, serializer.serialize(fresh)).hasOffset()).isFalse();
  }

  @Test
  void enumeratorStateSurvivesACheckpoint() throws Exception {
    DebeziumSplitSerializer.SplitLists serializer = new DebeziumSplitSerializer.SplitLists();
    List<DebeziumSplit> splits = List.of(DebeziumSplit.fresh(), new DebeziumSplit("{}", "{}", 7));
    assertThat(serializer.deserialize(1, serializer.serialize(splits))).isEqualTo(splits);
  }

  @Test
  void refusesStateOfAnUnknownVersion() {
    assertThatThrownBy(() -> new DebeziumSplitSerializer.Splits().deserialize(7, new byte[0]))
        .hasMessageContaining("version 7");
  }
}
