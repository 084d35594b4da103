package io.lockstep.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebeziumSplitSerializerTest {

  private static final List<String> HISTORY =
      List.of(
          "{\"source\":{\"server\":\"shop\"},\"position\":{\"file\":\"mysql-bin.000003\","
              + "\"pos\":200},\"databaseName\":\"shop\",\"ddl\":\"CREATE TABLE t (id INT)\"}",
          "{\"ddl\":\"Zoë 🙂 " + "x".repeat(70_000) + "\"}");

  @Test
  void splitsSurviveACheckpoint() throws Exception {
    DebeziumSplitSerializer.Splits serializer = new DebeziumSplitSerializer.Splits();
    DebeziumSplit split =
        new DebeziumSplit("{\"server\":\"shop\"}", "{\"lsn\":123,\"lsn_commit\":100}", 42);
    assertThat(serializer.getVersion()).isEqualTo(2);
    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(split)))
        .isEqualTo(split);
    DebeziumSplit fresh = DebeziumSplit.fresh();
    assertThat(serializer.deserialize(2, serializer.serialize(fresh)).hasOffset()).isFalse();
  }

  @Test
  void schemaHistorySurvivesACheckpoint() throws Exception {
    DebeziumSplitSerializer.Splits serializer = new DebeziumSplitSerializer.Splits();
    DebeziumSplit split =
        new DebeziumSplit(
            "{\"server\":\"shop\"}",
            "{\"file\":\"mysql-bin.000003\",\"pos\":4000,\"event\":2,\"row\":1}",
            (3L << 32) + 120,
            HISTORY);
    DebeziumSplit restored = serializer.deserialize(2, serializer.serialize(split));
    assertThat(restored).isEqualTo(split);
    assertThat(restored.schemaHistory()).isEqualTo(HISTORY);
  }

  @Test
  void version1StateRestoresWithoutHistory() throws Exception {
    byte[] version1 = version1("{\"server\":\"shop\"}", "{\"lsn\":123}", 42);
    assertThat(new DebeziumSplitSerializer.Splits().deserialize(1, version1))
        .isEqualTo(new DebeziumSplit("{\"server\":\"shop\"}", "{\"lsn\":123}", 42));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(2);
      out.write(version1("{}", null, 7));
      out.write(version1(null, null, 0));
    }
    assertThat(new DebeziumSplitSerializer.SplitLists().deserialize(1, bytes.toByteArray()))
        .containsExactly(new DebeziumSplit("{}", null, 7), DebeziumSplit.fresh());
  }

  @Test
  void enumeratorStateSurvivesACheckpoint() throws Exception {
    DebeziumSplitSerializer.SplitLists serializer = new DebeziumSplitSerializer.SplitLists();
    List<DebeziumSplit> splits =
        List.of(
            DebeziumSplit.fresh(),
            new DebeziumSplit("{}", "{}", 7),
            new DebeziumSplit("{}", "{}", 8, HISTORY));
    assertThat(serializer.deserialize(2, serializer.serialize(splits))).isEqualTo(splits);
  }

  @Test
  void refusesStateOfAnUnknownVersion() {
    assertThatThrownBy(() -> new DebeziumSplitSerializer.Splits().deserialize(7, new byte[0]))
        .hasMessageContaining("version 7");
  }

  @Test
  void toStringLeavesTheHistoryOut() {
    assertThat(new DebeziumSplit("{}", "{}", 8, HISTORY).toString())
        .contains("schemaHistory=2 records")
        .doesNotContain("CREATE TABLE");
  }

  /** A split as version 1 (before MariaDB sources) wrote it, byte by byte. */
  private static byte[] version1(String partition, String offset, long epoch) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (String text : new String[] {partition, offset}) {
        out.writeBoolean(text != null);
        if (text != null) {
          byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
          out.writeInt(utf8.length);
          out.write(utf8);
        }
      }
      out.writeLong(epoch);
    }
    return bytes.toByteArray();
  }
}
