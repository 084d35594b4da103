package io.lockstep.capture;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Debezium's offset store, held in memory and preloaded from Flink state. Debezium reads its start
 * position from here; what it writes here is only used by the connector's own commit, which
 * confirms the LSN to the replication slot. The durable copy of the offset is the Flink checkpoint.
 */
public class FlinkStateOffsetStore extends MemoryOffsetBackingStore {

  /** JSON of the partition map of the restored offset; absent on a first start. */
  public static final String PRELOAD_PARTITION = "lockstep.offset.partition";

  /** JSON of the offset map to restore. */
  public static final String PRELOAD_OFFSET = "lockstep.offset.value";

  public FlinkStateOffsetStore() {}

  @Override
  public void configure(WorkerConfig config) {
    super.configure(config);
    Map<String, Object> originals = config.originals();
    Object partition = originals.get(PRELOAD_PARTITION);
    Object offset = originals.get(PRELOAD_OFFSET);
    String namespace = (String) originals.get("name");
    if (partition == null || offset == null) {
      return;
    }
    // The layout Kafka Connect's OffsetStorageWriter uses: key [namespace, partition], value the
    // offset map, both as schemaless JSON.
    try (JsonConverter keys = converter(true);
        JsonConverter values = converter(false)) {
      Map<String, Object> partitionMap = OffsetJson.read(partition.toString());
      Map<String, Object> offsetMap = OffsetJson.read(offset.toString());
      byte[] key = keys.fromConnectData(namespace, null, List.of(namespace, partitionMap));
      byte[] value = values.fromConnectData(namespace, null, offsetMap);
      data.put(ByteBuffer.wrap(key), ByteBuffer.wrap(value));
    }
  }

  private static JsonConverter converter(boolean isKey) {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), isKey);
    return converter;
  }

  @Override
  public Set<Map<String, Object>> connectorPartitions(String connectorName) {
    return Set.of();
  }
}
