package io.lockstep.capture;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes capture splits, and lists of them (the enumerator's state), into checkpoints.
 *
 * <p>Version 2 added the schema history of binlog sources after the epoch; version 1 state (before
 * MariaDB sources) is still read, as splits without history.
 */
final class DebeziumSplitSerializer {

  static final int VERSION = 2;

  private static final int WITHOUT_HISTORY = 1;

  private DebeziumSplitSerializer() {}

  static final class Splits implements SimpleVersionedSerializer<DebeziumSplit> {
    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(DebeziumSplit split) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        write(out, split);
      }
      return bytes.toByteArray();
    }

    @Override
    public DebeziumSplit deserialize(int version, byte[] serialized) throws IOException {
      checkVersion(version);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        return read(in, version);
      }
    }
  }

  static final class SplitLists implements SimpleVersionedSerializer<List<DebeziumSplit>> {
    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(List<DebeziumSplit> splits) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(splits.size());
        for (DebeziumSplit split : splits) {
          write(out, split);
        }
      }
      return bytes.toByteArray();
    }

    @Override
    public List<DebeziumSplit> deserialize(int version, byte[] serialized) throws IOException {
      checkVersion(version);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        int count = in.readInt();
        List<DebeziumSplit> splits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          splits.add(read(in, version));
        }
        return splits;
      }
    }
  }

  private static void write(DataOutputStream out, DebeziumSplit split) throws IOException {
    writeNullable(out, split.partitionJson());
    writeNullable(out, split.offsetJson());
    out.writeLong(split.epoch());
    out.writeInt(split.schemaHistory().size());
    for (String record : split.schemaHistory()) {
      writeNullable(out, record);
    }
  }

  private static DebeziumSplit read(DataInputStream in, int version) throws IOException {
    String partition = readNullable(in);
    String offset = readNullable(in);
    long epoch = in.readLong();
    if (version == WITHOUT_HISTORY) {
      return new DebeziumSplit(partition, offset, epoch);
    }
    int records = in.readInt();
    List<String> history = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      history.add(readNullable(in));
    }
    return new DebeziumSplit(partition, offset, epoch, history);
  }

  private static void writeNullable(DataOutputStream out, String text) throws IOException {
    out.writeBoolean(text != null);
    if (text != null) {
      // writeUTF is limited to 64 KiB; offsets are small but need not stay so.
      byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void checkVersion(int version) throws IOException {
    if (version != VERSION && version != WITHOUT_HISTORY) {
      throw new IOException(
          "capture state has version "
              + version
              + "; this build reads versions "
              + WITHOUT_HISTORY
              + " and "
              + VERSION);
    }
  }
}
