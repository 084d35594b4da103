package io.lockstep.capture;

import io.debezium.config.Configuration;
import io.debezium.document.Document;
import io.debezium.document.DocumentReader;
import io.debezium.document.DocumentWriter;
import io.debezium.relational.Tables;
import io.debezium.relational.ddl.DdlParser;
import io.debezium.relational.history.AbstractSchemaHistory;
import io.debezium.relational.history.HistoryRecord;
import io.debezium.relational.history.HistoryRecordComparator;
import io.debezium.relational.history.SchemaHistoryException;
import io.debezium.relational.history.SchemaHistoryListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The schema history of a binlog connector (MariaDB, MySQL), kept in Flink state.
 *
 * <p>A binlog row event carries no column names or types, so the connector replays the DDL it has
 * seen up to its resume position to know the tables' shapes there. Its history must survive every
 * restart exactly as the offset does, so it is checkpointed with the offset, in the capture split
 * ({@link DebeziumSplit#schemaHistory()}).
 *
 * <p>The history reaches the connector, and comes back from it, through a {@link Buffer}: the
 * reader registers one per engine run (holding the restored history) under a random id passed in
 * the property {@value #BUFFER_ID}; the connector's instance of this class finds it by that id,
 * replays it and appends to it; at each checkpoint the reader copies it into the split. A shared
 * object rather than a property (as {@link FlinkStateOffsetStore} preloads the offset) because the
 * history must also flow back out of the connector, and because the engine logs its properties at
 * start, which would print every table's definition. The connector loads this class through the
 * engine thread's context class loader, the reader's, so both see the same registry; an id that is
 * not found is an error, never an empty history.
 *
 * <p>The buffer may hold records newer than the checkpointed offset (DDL the connector read after
 * the last emitted record). Debezium skips those on recovery and stores them again when it reads
 * them again, so recovery first drops them here, with Debezium's own comparison, to keep one copy.
 */
public final class FlinkStateSchemaHistory extends AbstractSchemaHistory {

  /** The property naming the buffer of a run. Without it the history lives as long as the run. */
  public static final String BUFFER_ID = CONFIGURATION_FIELD_PREFIX_STRING + "lockstep.buffer-id";

  private static final Map<String, Buffer> BUFFERS = new ConcurrentHashMap<>();

  /** The history records of one engine run, as JSON documents, oldest first. Thread-safe. */
  public static final class Buffer {
    private final List<String> records;

    private Buffer(List<String> restored) {
      this.records = new ArrayList<>(restored);
    }

    synchronized void add(String record) {
      records.add(record);
    }

    /** A copy of the records, for a checkpoint. */
    public synchronized List<String> records() {
      return List.copyOf(records);
    }

    synchronized boolean isEmpty() {
      return records.isEmpty();
    }

    synchronized void replaceWith(List<String> kept) {
      records.clear();
      records.addAll(kept);
    }
  }

  /** Registers a buffer holding {@code restored}; returns the id to pass as {@link #BUFFER_ID}. */
  public static String register(List<String> restored) {
    String id = UUID.randomUUID().toString();
    BUFFERS.put(id, new Buffer(restored));
    return id;
  }

  /** The buffer registered under {@code id}. */
  public static Buffer buffer(String id) {
    Buffer buffer = BUFFERS.get(id);
    if (buffer == null) {
      throw new IllegalStateException("no schema history buffer is registered as " + id);
    }
    return buffer;
  }

  /** Forgets the buffer of a run that ended. */
  public static void unregister(String id) {
    BUFFERS.remove(id);
  }

  private Buffer buffer;
  private HistoryRecordComparator comparator;

  public FlinkStateSchemaHistory() {}

  @Override
  public void configure(
      Configuration config,
      HistoryRecordComparator comparator,
      SchemaHistoryListener listener,
      boolean useCatalogBeforeSchema) {
    super.configure(config, comparator, listener, useCatalogBeforeSchema);
    this.comparator = comparator;
    String id = config.getString(BUFFER_ID);
    if (id == null) {
      logger.warn(
          "No {} configured: the schema history is kept in memory and lost when the connector"
              + " stops",
          BUFFER_ID);
      buffer = new Buffer(List.of());
      return;
    }
    buffer = BUFFERS.get(id);
    if (buffer == null) {
      throw new SchemaHistoryException(
          "schema history buffer "
              + id
              + " is not registered: the capture reader registers it before it starts the"
              + " connector, so this is a class-loading problem (the connector loaded "
              + FlinkStateSchemaHistory.class.getName()
              + " through another class loader than the reader's)");
    }
  }

  @Override
  protected void storeRecord(HistoryRecord record) throws SchemaHistoryException {
    try {
      buffer.add(DocumentWriter.defaultWriter().write(record.document()));
    } catch (IOException e) {
      throw new SchemaHistoryException("cannot write schema history record " + record, e);
    }
  }

  @Override
  protected void recoverRecords(Consumer<HistoryRecord> records) {
    for (String json : buffer.records()) {
      records.accept(parse(json));
    }
  }

  @Override
  public void recover(
      Map<Map<String, ?>, Map<String, ?>> offsets, Tables schema, DdlParser ddlParser)
      throws InterruptedException {
    dropRecordsAfter(offsets);
    super.recover(offsets, schema, ddlParser);
  }

  /**
   * Keeps the records Debezium's recovery applies for {@code offsets} (those of the same source
   * partition at or before its offset) and drops the rest, which the connector reads and stores
   * again.
   */
  private void dropRecordsAfter(Map<Map<String, ?>, Map<String, ?>> offsets) {
    if (offsets.isEmpty() || offsets.values().stream().anyMatch(o -> o == null)) {
      return;
    }
    Map<Document, HistoryRecord> stopPoints = new HashMap<>();
    offsets.forEach(
        (partition, offset) -> {
          Document source = Document.create();
          if (partition != null) {
            partition.forEach(source::set);
          }
          stopPoints.put(
              source, new HistoryRecord(partition, offset, null, null, null, null, null));
        });
    List<String> kept = new ArrayList<>();
    int dropped = 0;
    for (String json : buffer.records()) {
      HistoryRecord record = parse(json);
      HistoryRecord stop =
          stopPoints.get(record.document().getDocument(HistoryRecord.Fields.SOURCE));
      if (stop != null && comparator.isAtOrBefore(record, stop)) {
        kept.add(json);
      } else {
        dropped++;
      }
    }
    if (dropped > 0) {
      logger.info(
          "Dropped {} schema history records newer than the restored offset; the connector reads"
              + " them again",
          dropped);
      buffer.replaceWith(kept);
    }
  }

  private static HistoryRecord parse(String json) {
    try {
      return new HistoryRecord(DocumentReader.defaultReader().read(json));
    } catch (IOException e) {
      throw new SchemaHistoryException("schema history record in Flink state is not JSON", e);
    }
  }

  @Override
  public boolean exists() {
    return buffer != null && !buffer.isEmpty();
  }

  @Override
  public boolean storageExists() {
    return true;
  }

  @Override
  public String toString() {
    return "Flink state";
  }
}
