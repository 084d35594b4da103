package io.lockstep.capture.spi;

import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of Debezium's change-event envelope that are the same for every connector: which
 * records are row changes, commit time, key columns, the column parameters {@code
 * column.propagate.source.type} adds, and the temporal encodings.
 */
public final class DebeziumRecords {

  private static final Logger LOG = LoggerFactory.getLogger(DebeziumRecords.class);

  /** Column parameters Debezium adds with {@code column.propagate.source.type}. */
  public static final String SOURCE_TYPE = "__debezium.source.column.type";

  public static final String SOURCE_LENGTH = "__debezium.source.column.length";
  public static final String SOURCE_SCALE = "__debezium.source.column.scale";

  private DebeziumRecords() {}

  /**
   * The envelope of a record that carries a row change ({@code r}, {@code c}, {@code u}, {@code d})
   * or a truncate ({@code t}, see {@link #isTruncate}), or null: heartbeats and transaction markers
   * have no {@code op}; logical-decoding messages ({@code m}, such as the PostgreSQL capture's own
   * heartbeat) only move the offset on; any other operation is logged and skipped.
   */
  public static Struct rowChange(SourceRecord record) {
    if (!(record.value() instanceof Struct envelope)
        || envelope.schema().field("op") == null
        || envelope.schema().field("source") == null) {
      return null;
    }
    String op = envelope.getString("op");
    switch (op) {
      case "r", "c", "u", "d", "t":
        return envelope;
      case "m":
        return null;
      default:
        Struct source = envelope.getStruct("source");
        LOG.warn(
            "Skipping a '{}' record of {}.{}: Lockstep replicates row changes and truncates only.",
            op,
            string(source, source.schema().field("schema") != null ? "schema" : "db"),
            string(source, "table"));
        return null;
    }
  }

  /**
   * Whether an envelope {@link #rowChange} accepted is a {@code TRUNCATE} of its table: no key, no
   * row images; its position is where the truncate is in the log (PostgreSQL: the truncate message
   * of logical decoding; MariaDB/MySQL: the {@code TRUNCATE TABLE} statement in the binlog, which
   * Debezium's binlog connectors turn into the same record).
   */
  public static boolean isTruncate(Struct envelope) {
    return "t".equals(envelope.getString("op"));
  }

  /** The schema of the row images of a row change. */
  public static Schema rowSchema(Struct envelope) {
    return envelope
        .schema()
        .field(envelope.getString("op").equals("d") ? "before" : "after")
        .schema();
  }

  /**
   * The error for a value the capture cannot represent exactly, naming the table, the column and
   * its type, and the value as Debezium gave it (cut short: it may be large).
   */
  public static IllegalArgumentException unrepresentable(
      TableSchema schema, ColumnSchema column, Object raw, RuntimeException cause) {
    String value = String.valueOf(raw);
    if (value.length() > 100) {
      value = value.substring(0, 100) + "...";
    }
    return new IllegalArgumentException(
        "column "
            + schema.id()
            + "."
            + column.name()
            + " ("
            + column.nativeType()
            + ") holds '"
            + value
            + "', which Lockstep cannot represent exactly: "
            + cause.getMessage(),
        cause);
  }

  /** A string field of a struct, or null when the struct has no such field. */
  public static String string(Struct struct, String field) {
    Field f = struct.schema().field(field);
    Object value = f == null ? null : struct.get(f);
    return value == null ? null : value.toString();
  }

  /**
   * Whether a read ({@code op} {@code r}) comes from an incremental snapshot, which runs while the
   * capture streams, rather than from the initial snapshot. Such a read must not take the initial
   * snapshot's position ({@code <epoch>:0:0}): the position guard would drop it for every row that
   * streaming already wrote. Debezium buffers a chunk between two watermarks written into the
   * signaling table, drops from the buffer every row a change streamed inside that window touched,
   * and emits the rest when the stream reaches the closing watermark, with the stream's position
   * there. Each remaining read is the row as of that point of the stream: a change committed before
   * it is older, one committed after it is streamed after it with a higher position. So the reads
   * carry the streaming position of the closing watermark, as a streamed change would (see
   * docs/architecture.md, "Decisions").
   */
  public static boolean isIncrementalSnapshotRead(Struct source) {
    return "incremental".equals(string(source, "snapshot"));
  }

  /** The change as a {@link ChangeEvent}; {@code op} is one {@link #rowChange} accepted. */
  public static ChangeEvent event(
      String op,
      TableSchema schema,
      Map<String, Object> before,
      Map<String, Object> after,
      Instant commitTime,
      String position,
      String transactionId) {
    return switch (op) {
      case "r" -> ChangeEvent.snapshotRead(schema, after, commitTime, position);
      case "c" -> ChangeEvent.insert(schema, after, commitTime, position, transactionId);
      case "u" -> ChangeEvent.update(schema, before, after, commitTime, position, transactionId);
      case "d" -> ChangeEvent.delete(schema, before, commitTime, position, transactionId);
      default -> throw new IllegalArgumentException("not a row change: '" + op + "'");
    };
  }

  /** Source commit time, to the microsecond where the connector gives it. */
  public static Instant commitTime(Struct source) {
    Field micros = source.schema().field("ts_us");
    if (micros != null && source.get(micros) != null) {
      return Instant.EPOCH.plus(source.getInt64("ts_us"), ChronoUnit.MICROS);
    }
    return Instant.ofEpochMilli(source.getInt64("ts_ms"));
  }

  /**
   * The key columns of the record key's schema: the primary key, or the columns {@code
   * source.key-columns} names for the table (Debezium's {@code message.key.columns}).
   */
  public static List<String> keyColumns(TableId table, Schema keySchema) {
    List<String> keys = new ArrayList<>();
    if (keySchema != null) {
      keySchema.fields().forEach(f -> keys.add(f.name()));
    }
    if (keys.isEmpty()) {
      throw new IllegalStateException(
          "table "
              + table.schemaQualifiedName()
              + " has no primary key; Lockstep needs a key to route and upsert its rows. Add a"
              + " primary key to the source table, or name columns that identify a row in"
              + " source.key-columns ('"
              + table.schemaQualifiedName()
              + ":col1,col2'), or exclude it with source.exclude-tables.");
    }
    return keys;
  }

  /** A column parameter Debezium propagated, or null. */
  public static String parameter(Schema schema, String name) {
    Map<String, String> parameters = schema.parameters();
    return parameters == null ? null : parameters.get(name);
  }

  /** A numeric column parameter Debezium propagated, or null. */
  public static Integer intParameter(Schema schema, String name) {
    String value = parameter(schema, name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      return parsed < 0 ? null : parsed;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The same column with another logical type. */
  public static ColumnSchema retyped(ColumnSchema column, ColumnType type) {
    return new ColumnSchema(
        column.name(),
        type,
        null,
        column.nativeType(),
        column.optional(),
        column.length(),
        column.scale());
  }

  /** pgjdbc's {@code PGStatement.DATE_POSITIVE_INFINITY} and {@code DATE_NEGATIVE_INFINITY}. */
  private static final long PGJDBC_POSITIVE_INFINITY = 9223372036825200000L;

  private static final long PGJDBC_NEGATIVE_INFINITY = -9223372036832400000L;

  /** Debezium's {@code Timestamp}, {@code MicroTimestamp} and {@code NanoTimestamp}. */
  public static LocalDateTime timestamp(String logical, long amount) {
    // Debezium's PostgreSQL connector gives infinity and -infinity as pgjdbc's infinity constants
    // (milliseconds, whatever the unit of the column).
    if (amount == PGJDBC_POSITIVE_INFINITY) {
      return LocalDateTime.MAX;
    }
    if (amount == PGJDBC_NEGATIVE_INFINITY) {
      return LocalDateTime.MIN;
    }
    Instant instant =
        switch (logical) {
          case "io.debezium.time.Timestamp" -> Instant.ofEpochMilli(amount);
          case "io.debezium.time.NanoTimestamp" -> Instant.EPOCH.plusNanos(amount);
          default -> Instant.EPOCH.plus(amount, ChronoUnit.MICROS);
        };
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** Debezium's {@code Time} (ms), {@code MicroTime} and {@code NanoTime}, in microseconds. */
  public static long timeMicros(String logical, long amount) {
    return switch (logical) {
      case "io.debezium.time.Time" -> amount * 1_000L;
      case "io.debezium.time.NanoTime" -> Math.floorDiv(amount, 1_000L);
      default -> amount;
    };
  }

  /** Bytes as Debezium hands them over ({@code binary.handling.mode=bytes}), copied. */
  public static byte[] bytes(Object raw) {
    if (raw instanceof ByteBuffer buffer) {
      byte[] copy = new byte[buffer.remaining()];
      buffer.duplicate().get(copy);
      return copy;
    }
    return ((byte[]) raw).clone();
  }

  /**
   * Table schemas by Debezium row schema. Debezium keeps one row schema object per table version,
   * so a table schema is built once per version, not once per event.
   */
  public static final class SchemaCache {

    private record Cached(Schema keySchema, TableSchema schema) {}

    private final Map<Schema, Cached> schemas = new IdentityHashMap<>();

    public TableSchema get(
        TableId table,
        Schema rowSchema,
        Schema keySchema,
        Function<Schema, List<ColumnSchema>> columns) {
      Cached cached = schemas.get(rowSchema);
      if (cached != null && cached.keySchema() == keySchema && cached.schema().id().equals(table)) {
        return cached.schema();
      }
      TableSchema schema =
          new TableSchema(table, columns.apply(rowSchema), keyColumns(table, keySchema));
      if (schemas.size() > 1024) {
        schemas.clear();
      }
      schemas.put(rowSchema, new Cached(keySchema, schema));
      return schema;
    }
  }

  /** The logical type of Debezium's temporal schema names, the same for every connector. */
  public static ColumnType temporalType(String debeziumSchemaName) {
    return switch (debeziumSchemaName) {
      case "io.debezium.time.Date" -> ColumnType.DATE;
      case "io.debezium.time.Time", "io.debezium.time.MicroTime", "io.debezium.time.NanoTime" ->
          ColumnType.TIME;
      case "io.debezium.time.Timestamp",
          "io.debezium.time.MicroTimestamp",
          "io.debezium.time.NanoTimestamp" ->
          ColumnType.TIMESTAMP;
      case "io.debezium.time.ZonedTimestamp" -> ColumnType.TIMESTAMPTZ;
      default -> null;
    };
  }

  /**
   * Debezium's bits are little-endian, sized to the column ({@code length} bits); MySQL's and
   * PostgreSQL's bit strings are big-endian (the first bit is the most significant).
   */
  public static byte[] bigEndianBits(byte[] littleEndian, Schema schema) {
    Integer bits = intParameter(schema, "length");
    int size = bits == null ? littleEndian.length : Math.max(littleEndian.length, (bits + 7) / 8);
    byte[] bigEndian = new byte[size];
    for (int i = 0; i < littleEndian.length; i++) {
      bigEndian[size - 1 - i] = littleEndian[i];
    }
    return bigEndian;
  }
}
